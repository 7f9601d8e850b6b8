#!/usr/bin/env bats
# Harness smoke test: checks NSD + zone_write with dig only, so it passes
# before enumq exists. +44 1632 960083 lives at 3.8.0.0.6.9.2 under 3.6.1.4.4.

load helper

setup_file() {
	zone_write uk.zone 3.6.1.4.4.e164.arpa <<'ZONE'
3.8.0.0.6.9.2 IN NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .
4.8.0.0.6.9.2 IN NAPTR 100 10 "u" "E2U+sip" "!^(\\+441632960084)$!sip:\\1@example.com!" .
ZONE
	nsd_start uk.zone
}

teardown_file() {
	nsd_stop
}

@test "harness: NSD serves a NAPTR (UDP)" {
	run dig +short -p "$NSD_PORT" @"$NSD_ADDR" NAPTR 3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa
	assert_success
	assert_output '100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .'
}

@test "harness: NAPTR with backslash back-reference survives (TCP)" {
	run dig +tcp +short -p "$NSD_PORT" @"$NSD_ADDR" NAPTR 4.8.0.0.6.9.2.3.6.1.4.4.e164.arpa
	assert_success
	assert_output '100 10 "u" "E2U+sip" "!^(\\+441632960084)$!sip:\\1@example.com!" .'
}

@test "harness: absent name is NXDOMAIN" {
	run dig -p "$NSD_PORT" @"$NSD_ADDR" NAPTR 9.9.9.9.6.9.2.3.6.1.4.4.e164.arpa
	assert_success
	assert_output --partial 'status: NXDOMAIN'
}
