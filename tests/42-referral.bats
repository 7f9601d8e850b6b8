#!/usr/bin/env bats
# A referral is no answer (RFC 5346 4.1.2 B): asked for a number below a
# delegation, an authoritative server answers NOERROR without AA, no
# answer and the cut's NS records in authority.  enumq says error, exit 3,
# naming the cut and its servers, never nodata (the call would fail at
# once) or nxdomain.

load helper
bats_require_minimum_version 1.5.0

setup_file() {
	zone_write uk.zone 4.4.e164.arpa <<'ZONE'
8.4.1.0.6.4.9.7.0.2 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:a@example.com!" .
6.1 NS ns1.provider.example.
6.1 NS ns2.provider.example.
9.4.1.0.6.4.9.7.0.2 CNAME 3.8.0.0.6.9.2.3.6.1
ZONE
	nsd_start uk.zone
}

teardown_file() {
	nsd_stop
}

@test "referral over the network: status error, exit 3, 'referral to CUT (NS names)'" {
	run --separate-stderr enumq -j -S "$NSD_ADDR" -p "$NSD_PORT" +442079460148 +441632960083
	assert_equal "$status" 3
	assert_equal "${#lines[@]}" 2
	# the number above the cut is answered as before
	jq -en --argjson l "${lines[0]}" '$l.status == "ok" and $l.rcode == "NOERROR"' >/dev/null ||
		fail "number above the cut: ${lines[0]}"
	jq -en --argjson l "${lines[1]}" '$l.status == "error" and $l.rcode == "NOERROR" and
		$l.error == "no valid answer: referral to 6.1.4.4.e164.arpa. (ns1.provider.example. ns2.provider.example.)" and
		$l.uris == []' >/dev/null || fail "referral: ${lines[1]}"
	run --separate-stderr enumq -S "$NSD_ADDR" -p "$NSD_PORT" +441632960083
	assert_equal "$status" 3
	assert_line --index 0 --partial ': error, NOERROR from '
	assert_output --partial 'referral to 6.1.4.4.e164.arpa. (ns1.provider.example. ns2.provider.example.)'
}

@test "a CNAME into a delegation: a referral too, AA or not, over the network and from the zone file alike" {
	enumq_both uk.zone -- +442079460149
	assert_equal "$status" 3
	json_is '.status == "error" and .rcode == "NOERROR" and .uris == [] and
		.error == "no valid answer: referral to 6.1.4.4.e164.arpa. (ns1.provider.example. ns2.provider.example.)"'
}
