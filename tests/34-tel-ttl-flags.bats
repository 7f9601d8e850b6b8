#!/usr/bin/env bats
# 34-tel-ttl-flags: what every lookup reports besides the URIs (issue 13,
# "in every mode"): a tel: URI's number and parameters (RFC 3966 3, rn,
# cic and npdi of RFC 4694 4, enumdi of RFC 4759 3), each URI's TTL (the
# lowest along its chain, RFC 6116 7.2) and the answer's header flags
# (RFC 1035 4.1.1, RFC 4035 3.2.3), in JSON and with -v in text; the
# same from NSD and from -z; with trees, batches and filters.
# Records in tests/data/34-tel-ttl-flags/.

# $stderr comes from run --separate-stderr; the jq programs hold $names.
# shellcheck disable=SC2154,SC2016

bats_require_minimum_version 1.5.0

load helper

DATA=$BATS_TEST_DIRNAME/data/34-tel-ttl-flags

setup_file() {
	zone_write uk.zone 4.4.e164.arpa <"$DATA/uk.records"
	nsd_start uk.zone
}

teardown_file() {
	nsd_stop
}

setup() {
	ZONE=$BATS_FILE_TMPDIR/uk.zone
}

# n ARG...: enumq against the NSD of setup_file
n() {
	enumq -S "$NSD_ADDR" -p "$NSD_PORT" "$@"
}

# --- tel: URIs ---------------------------------------------------------------

@test "tel RFC 4694 4: npdi without a value is true, rn as written, names lowercased, the number without separators" {
	enumq_both uk.zone -- +441632960301
	assert_success
	json_is '.uris[0].uri == "tel:+1-202-533-1234;NPDI;rn=+1-202-544-0000"
		and .uris[0].tel == {number: "+12025331234",
			params: {npdi: true, rn: "+1-202-544-0000"}}
		and (.uris[0].tel.params | keys_unsorted) == ["npdi", "rn"]
		and .uris[1].uri == "sip:a@example.com" and .uris[1].tel == null'
}

@test "tel RFC 4759 3, RFC 4694 4, RFC 3966 3: enumdi, cic, pct-encoding kept, a local number; a name twice or npdi=VALUE is no tel URI" {
	enumq_both uk.zone -- +441632960302
	assert_success
	json_is '[.uris[] | [.uri, .tel]] == [
		["tel:+441632960302;enumdi",
		 {number: "+441632960302", params: {enumdi: true}}],
		["tel:+44-1632-960302;cic=+44-1;x-Note=%22a%22",
		 {number: "+441632960302",
		  params: {cic: "+44-1", "x-note": "%22a%22"}}],
		["tel:960302;phone-context=+44-1632",
		 {number: "960302", params: {"phone-context": "+44-1632"}}],
		["tel:+441632960302;npdi;NPDI", null],
		["tel:+441632960302;npdi=yes", null]]'
}

@test "tel RFC 3824 6.2, RFC 4759 4.2.3: a returned tel: URI, enumdi or not, is reported and not looked up" {
	# one query: the number's own name; tel:+441632960302 is that very
	# number, which a lookup of the URI would ask for a second time
	run --separate-stderr n -v -j +441632960302
	assert_success
	[[ $(grep -c '^;; query' <<<"$stderr") -eq 1 ]] ||
		fail "queries other than the number's: $stderr"
	json_is '[.uris[].tel.params.enumdi] == [true, null, null, null, null]'
}

@test "tel -v: a line under each tel: URI with its number and parameters, or why RFC 3966 refuses it" {
	run --separate-stderr enumq -v -z "$ZONE" +441632960301 +441632960302
	assert_success
	assert_line '    1  tel:+1-202-533-1234;NPDI;rn=+1-202-544-0000  (order 10 pref 10 ttl 600)'
	assert_line '       tel +12025331234 npdi rn=+1-202-544-0000'
	assert_line '       tel +441632960302 enumdi'
	assert_line '       tel +441632960302 cic=+44-1 x-note=%22a%22'
	assert_line '       tel 960302 phone-context=+44-1632'
	assert_line '       not a tel: URI by RFC 3966: a parameter given twice (RFC 3966 3)'
	assert_line '       not a tel: URI by RFC 3966: parameter npdi: takes no value'
	# without -v, the text is as it was
	run --separate-stderr enumq -z "$ZONE" +441632960301
	assert_success
	refute_output --partial 'ttl'
	refute_output --partial '       tel'
}

@test "tel input RFC 4759 4.2.1: a number given as tel: URI with ;enumdi is looked up as asked, with a note" {
	run --separate-stderr n -j 'tel:+44-1632-960305;enumdi'
	assert_success
	json_is '.number == "+441632960305" and .uris[0].uri == "sip:plain@example.com"'
	assert_equal "$stderr" "enumq: tel:+44-1632-960305;enumdi: read as +441632960305, its ;enumdi says ENUM was queried already (RFC 4759 4.2.1): looked up as asked"
	# with the trunk prefix too, both said on one line
	run --separate-stderr enumq -z "$ZONE" -1 'tel:+44-(0)1632-960305;enumdi'
	assert_success
	assert_output 'sip:plain@example.com'
	assert_equal "$stderr" "enumq: tel:+44-(0)1632-960305;enumdi: read as +441632960305, the trunk prefix (0) dropped; its ;enumdi says ENUM was queried already (RFC 4759 4.2.1): looked up as asked"
}

@test "tel input RFC 3966 3, RFC 4694 4: malformed parameters make the input invalid, 4, the message naming them" {
	run --separate-stderr enumq -z "$ZONE" 'tel:+441632960305;npdi;npdi' \
		'tel:+441632960305;rn=12' 'tel:+441632960305;enumdi=1' \
		'tel:+441632960305;=x' 'tel:+441632960305;ext=12a'
	assert_failure 4
	assert_equal "$stderr" "enumq: tel:+441632960305;npdi;npdi: not a tel: URI: a parameter given twice (RFC 3966 3)
enumq: tel:+441632960305;rn=12: not a tel: URI: parameter rn: a local number without its context
enumq: tel:+441632960305;enumdi=1: not a tel: URI: parameter enumdi: takes no value
enumq: tel:+441632960305;=x: not a tel: URI: an empty parameter name
enumq: tel:+441632960305;ext=12a: not a tel: URI: parameter ext: not digits"
	# well-formed ones still name the number alone (RFC 4694 5's example)
	run --separate-stderr enumq -n 'tel:+1-202-533-1234;npdi;rn=+1-202-544-0000;rn-context=+1'
	assert_success
	assert_output '4.3.2.1.3.3.5.2.0.2.1.e164.arpa.'
}

# --- TTLs --------------------------------------------------------------------

@test "ttl RFC 6116 7.2: a URI through a non-terminal record gets the lowest TTL on its chain; records their own" {
	enumq_both uk.zone -- +441632960303 +441632960304 +441632960301
	assert_success
	json_lines 3 '
		[.[0].uris[] | [.uri, .ttl]] == [["sip:long@example.com", 120],
			["sip:short@example.com", 60], ["sip:own@example.com", 300]]
		and [.[0].records[] | .ttl] == [120, 300, 900, 60]
		and [.[1].uris[] | [.uri, .ttl]] == [["sip:far@example.com", 1800]]
		and [.[1].records[] | .ttl] == [3600, 1800, 7200]
		and [.[2].uris[] | .ttl] == [600, 300]'
}

@test "ttl -v: each URI line ends with its TTL" {
	run --separate-stderr n -v +441632960303
	assert_success
	assert_line '    1  sip:long@example.com  (order 10 pref 10 ttl 120)'
	assert_line '    2  sip:short@example.com  (order 20 pref 10 ttl 60)'
	assert_line '    3  sip:own@example.com  (order 20 pref 10 ttl 300)'
}

# --- header flags ------------------------------------------------------------

@test "flags RFC 1035 4.1.1: NSD's answer has qr aa rd; -z gives the same, for an answer, NXDOMAIN, REFUSED and per tree" {
	# +1632960305 is in no zone under e164.arpa (REFUSED, no aa), and
	# found under 4.4.e164.arpa
	enumq_both uk.zone -- -t e164.arpa -t 4.4.e164.arpa +1632960305 +441632960399
	assert_failure 2
	json_lines 2 '.[0].status == "ok" and .[0].flags == ["qr", "aa", "rd"]
		and [.[0].trees[] | [.rcode, .flags]] == [["REFUSED", ["qr", "rd"]],
			["NOERROR", ["qr", "aa", "rd"]]]
		and .[1].rcode == "NXDOMAIN" and .[1].flags == ["qr", "aa", "rd"]'
}

@test "flags RFC 1034 4.3.2: a referral has no aa, from NSD and from -z" {
	run --separate-stderr n -j +441632960401
	assert_failure 3
	json_is '.status == "error" and .flags == ["qr", "rd"]'
	run --separate-stderr enumq -z "$ZONE" -j +441632960401
	assert_failure 3
	json_is '.status == "error" and .flags == ["qr", "rd"]'
}

@test "flags: a name in no zone of -z gets REFUSED with qr rd; no answer at all gives null" {
	run --separate-stderr enumq -z "$ZONE" -j +4930123456
	assert_failure 3
	json_is '.rcode == "REFUSED" and .flags == ["qr", "rd"]
		and .trees[0].flags == ["qr", "rd"]'
	run --separate-stderr enumq -j 'tel:+44;x'
	assert_failure 4
	json_is '.status == "invalid" and .flags == null'
	fakedns_start <<<'RULES = {"default": {"drop": True}}'
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" \
		--timeout 0.2 --retries 0 -j +441632960305
	fakedns_stop
	assert_failure 3
	json_is '.rcode == null and .flags == null and .trees[0].flags == null'
}

@test "flags RFC 4035 3.2.3: ra, ad and cd as the server set them, in dig's order; -v text the same" {
	fakedns_start <<'EOF'
def behave(q):
    # qr rd ra ad cd, no aa: a validating resolver's answer
    return {"raw": lambda q: with_id(q,
        struct.pack("!HHHHH", 0x81B0, 1, 1, 0, 0) + encode_name(q.labels) +
        struct.pack("!HH", 35, 1) +
        naptr("@", 10, 10, "u", "E2U+sip", "!^.*$!sip:r@example.com!").wire(q.labels, True))}
EOF
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" -j +441632960305
	assert_success
	json_is '.flags == ["qr", "rd", "ra", "ad", "cd"] and .uris[0].uri == "sip:r@example.com"'
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" -v +441632960305
	fakedns_stop
	assert_success
	assert_line --index 1 '  flags: qr rd ra ad cd'
}

# --- every mode --------------------------------------------------------------

@test "every mode: a batch (-f) and a filter (-s) keep tel, ttl and flags; shell keeps its seven fields" {
	printf '%s\n' +441632960301 +441632960303 >"$BATS_TEST_TMPDIR/numbers"
	run --separate-stderr enumq -z "$ZONE" -j -s pstn -s sip -f "$BATS_TEST_TMPDIR/numbers"
	assert_success
	json_lines 2 '.[0].uris[0].tel.params == {npdi: true, rn: "+1-202-544-0000"}
		and .[0].uris[0].ttl == 600 and .[0].flags == ["qr", "aa", "rd"]
		and [.[1].uris[].ttl] == [120, 60, 300]'
	run --separate-stderr enumq -z "$ZONE" -o shell -s pstn +441632960301
	assert_success
	assert_output "+441632960301	ok	1	10	10	pstn:tel	tel:+1-202-533-1234;NPDI;rn=+1-202-544-0000"
	run --separate-stderr enumq -z "$ZONE" -o shell -v -s pstn +441632960301
	assert_success
	assert_output "+441632960301	ok	1	10	10	pstn:tel	tel:+1-202-533-1234;NPDI;rn=+1-202-544-0000"
}
