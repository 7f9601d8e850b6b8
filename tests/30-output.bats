#!/usr/bin/env bats
# 30-output: the three output formats against a real NSD. Text is compared
# with golden files (tests/data/30-output/*.txt, port and time normalised);
# JSON is checked key by key with jq; the shell format is parsed back with
# read, cut and awk. Last, records full of control bytes must not break any
# format (style.md: each formatter owns its escaping).
#
# Numbers (zones in tests/data/30-output/*.records):
#   +441632960083  five records: four URIs, one offered for two Enumservices
#   +441632960084  a non-terminal record to sip.provider.example
#   +441632960085  exists, no NAPTR (nodata)
#   +441632960099  absent (nxdomain)
#   +441639000001  hostile bytes in every NAPTR field
#   +441639000002  results holding a backslash, the text \x01, 0x01 and DEL

# $stderr comes from run --separate-stderr; the jq programs hold $names,
# and single-quoted strings end in a backslash on purpose.
# shellcheck disable=SC2154,SC2016,SC1003

bats_require_minimum_version 1.5.0

load helper

DATA=$BATS_TEST_DIRNAME/data/30-output

setup_file() {
	zone_write uk.zone 3.6.1.4.4.e164.arpa <"$DATA/uk.records"
	zone_write provider.zone provider.example <"$DATA/provider.records"
	zone_write hostile.zone 9.3.6.1.4.4.e164.arpa <"$DATA/hostile.records"
	nsd_start uk.zone provider.zone hostile.zone
}

teardown_file() {
	nsd_stop
}

# q ARGS...: enumq ARGS against the test NSD.
q() {
	enumq @"$NSD_ADDR" -p "$NSD_PORT" "$@"
}

# golden NAME STATUS ARGS...: q ARGS exits STATUS and its stdout, with the
# server port and the "in N ms" time normalised, is $DATA/NAME.txt.
# GOLDEN_UPDATE=1 rewrites the golden file instead (check the diff!).
golden() {
	local name=$1 want=$2 rc=0 got=$BATS_TEST_TMPDIR/got
	shift 2
	q "$@" >"$BATS_TEST_TMPDIR/raw" 2>"$BATS_TEST_TMPDIR/err" || rc=$?
	sed -E "s/#$NSD_PORT( |:|\$)/#PORT\\1/g; s/ in [0-9]+ ms/ in N ms/" \
		"$BATS_TEST_TMPDIR/raw" >"$got"
	[[ -z ${GOLDEN_UPDATE:-} ]] || cp "$got" "$DATA/$name.txt"
	diff -u "$DATA/$name.txt" "$got" ||
		fail "text output differs from $name.txt (stderr: $(<"$BATS_TEST_TMPDIR/err"))"
	((rc == want)) || fail "exit status $rc, expected $want"
}

# unsafe_bytes FILE [ALLOWED]: the bytes of FILE (in hex) other than
# newline, printable ASCII (0x20-0x7e) and the bytes in ALLOWED.
unsafe_bytes() {
	LC_ALL=C tr -d "\n\040-\176${2:-}" <"$1" | od -An -tx1
}

# --- text: golden files -----------------------------------------------------

@test "text: multi-service number, a URI for two Enumservices under each (RFC 6116 4, 3.4.3.2)" {
	golden multi 0 +441632960083
}

@test "text: a non-terminal record's URIs ranked at its place (RFC 6116 5.2.1)" {
	golden nonterminal 0 +441632960084
}

@test "text: nodata: header only, exit 1 (RFC 5346 4.1)" {
	golden nodata 1 +441632960085
}

@test "text: nxdomain: header only, exit 2" {
	golden nxdomain 2 +441632960099
}

@test "text: invalid number: status line on stdout, exit 4, one-line error on stderr" {
	golden invalid 4 +44-abc
	[[ $(wc -l <"$BATS_TEST_TMPDIR/err") -eq 1 ]] ||
		fail "stderr is not one line: $(<"$BATS_TEST_TMPDIR/err")"
	grep -q '^enumq: +44-abc: ' "$BATS_TEST_TMPDIR/err" ||
		fail "stderr does not name the input: $(<"$BATS_TEST_TMPDIR/err")"
}

@test "text: -v adds a records section, every record with its fate" {
	golden verbose 0 -v +441632960083 +441632960084
}

@test "text: several numbers, one block each, exit status the largest" {
	golden several 2 +441632960083 +441632960099 +441632960085
}

@test "text: -1 prints the bare best URI, usable in \$(...)" {
	local uri
	uri=$(q -1 -s sip +441632960083)
	[[ $uri == 'sip:+441632960083@example.com' ]] || fail "got '$uri'"
	uri=$(q -1 -s email +441632960083)
	[[ $uri == 'mailto:info@example.com' ]] || fail "got '$uri'"
	# through the non-terminal record: rank 1 of sip is the provider's
	uri=$(q -1 -s sip +441632960084)
	[[ $uri == 'sip:441632960084@sip.provider.example' ]] || fail "got '$uri'"
}

@test "text: -1 without a usable URI prints nothing and keeps the status" {
	run -1 --separate-stderr q -1 +441632960085
	assert_output ''
	run -2 --separate-stderr q -1 +441632960099
	assert_output ''
	run -1 --separate-stderr q -1 -s xmpp +441632960083
	assert_output ''
}

# --- JSON -------------------------------------------------------------------

# A jq program printing, for each object, one line per missing key or key
# of the wrong type; nothing when the object has the documented shape.
# shellcheck disable=SC2016 # a jq program, not shell
JSON_SCHEMA='
def t($k; $types):
	if has($k) | not then "missing \($k)"
	elif (.[$k] | type) as $ty | any($types[]; . == $ty) then empty
	else "\($k) is \(.[$k] | type), want \($types | join("|"))" end;
def sub($name; tests): to_entries[] | .key as $i | .value | tests
	| "\($name)[\($i)]: \(.)";
t("input"; ["string"]), t("number"; ["string", "null"]),
t("domain"; ["string", "null"]), t("tree"; ["string", "null"]),
t("status"; ["string"]), t("rcode"; ["string", "null"]),
t("server"; ["string", "null"]), t("error"; ["string", "null"]),
t("servers"; ["array"]),
t("elapsed_ms"; ["number"]), t("trees"; ["array"]),
t("uris"; ["array"]), t("discarded"; ["number"]), t("records"; ["array"]),
(.servers | sub("servers"; t("server"; ["string"]),
	t("rcode"; ["string", "null"]), t("error"; ["string", "null"]))),
(.trees | sub("trees"; t("tree"; ["string"]), t("domain"; ["string"]),
	t("status"; ["string"]), t("rcode"; ["string", "null"]))),
(.uris | sub("uris"; t("rank"; ["number"]), t("order"; ["number"]),
	t("preference"; ["number"]), t("flags"; ["string"]),
	t("enumservices"; ["array"]), t("uri"; ["string"]),
	t("owner"; ["string"]), t("scheme_mismatch"; ["array"]),
	(.enumservices[]? | select(type != "string") | "enumservice not a string"),
	(.scheme_mismatch[]? | select(type != "string") | "scheme_mismatch not a string"))),
(.records | sub("records"; t("owner"; ["string"]), t("order"; ["number"]),
	t("preference"; ["number"]), t("flags"; ["string"]),
	t("services"; ["string"]), t("regexp"; ["string"]),
	t("replacement"; ["string"]), t("result"; ["string", "null"]),
	t("reason"; ["string", "null"])))
'

@test "json: every documented key present with its type, one line per number" {
	run -4 --separate-stderr q -j +441632960083 +441632960084 +441632960085 \
		+441632960099 +44-abc
	# each line alone is one JSON object, the numbers in order
	json_lines 5 'all(.[]; type == "object") and [.[].input] ==
		["+441632960083", "+441632960084", "+441632960085", "+441632960099", "+44-abc"]'
	run jq -r "$JSON_SCHEMA" <<<"$output"
	assert_success
	assert_output ''
}

@test "json: values of an ok answer" {
	run -0 --separate-stderr q -j +441632960083
	assert_equal "$stderr" ''
	json_is --arg srv "127.0.0.1#$NSD_PORT" '
		.input == "+441632960083" and .number == "+441632960083"
		and .domain == "3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa."
		and .tree == "e164.arpa." and .status == "ok"
		and .rcode == "NOERROR" and .server == $srv and .error == null
		and .servers == [{server: $srv, rcode: "NOERROR", error: null}]
		and .elapsed_ms >= 0 and .discarded == 0
		and .trees == [{tree: "e164.arpa.",
			domain: "3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.",
			status: "ok", rcode: "NOERROR", flags: ["qr", "aa", "rd"]}]
		and ([.uris[].rank] == [1, 2, 3, 4])
		and .uris[3] == {rank: 4, order: 100, preference: 53, flags: "u",
			enumservices: ["sms:tel", "ems:tel"], uri: "tel:+441632960083",
			owner: "3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.",
			scheme_mismatch: [], ttl: 300,
			tel: {number: "+441632960083", params: {}}}
		and (.records | length) == 5
		and .records[4] == {owner: "3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.",
			order: 100, preference: 54, flags: "u", services: "E2U+sip",
			regexp: "!^\\+1(.*)$!sip:\\1@example.com!", replacement: ".",
			result: null, reason: "no-match", ttl: 300}
		and .records[0].reason == null
		and .records[0].result == "sip:+441632960083@example.com"
	'
}

@test "json: a non-terminal record's target URIs carry the target as owner" {
	run -0 --separate-stderr q -j +441632960084
	assert_equal "$stderr" ''
	json_is '
		[.uris[] | [.rank, .uri, .owner]] == [
			[1, "sip:voicemail@example.com", "4.8.0.0.6.9.2.3.6.1.4.4.e164.arpa."],
			[2, "sip:441632960084@sip.provider.example", "sip.provider.example."],
			[3, "sips:441632960084@sip.provider.example", "sip.provider.example."],
			[4, "sip:fallback@example.com", "4.8.0.0.6.9.2.3.6.1.4.4.e164.arpa."]]
		and ([.records[] | select(.flags == "") | [.replacement, .reason]] ==
			[["sip.provider.example.", null]])
	'
}

@test "json: nodata, nxdomain and invalid: empty uris, nulls where no answer" {
	run -4 --separate-stderr q -j +441632960085 +441632960099 +44-abc
	json_lines 3 '
		[.[] | [.status, .rcode, (.uris | length)]] ==
			[["nodata", "NOERROR", 0], ["nxdomain", "NXDOMAIN", 0],
			 ["invalid", null, 0]]
		and (.[2] | .input == "+44-abc" and .number == null
			and .domain == null and .server == null
			and (.error | type) == "string" and .trees == [])
	'
}

@test "json: -1 keeps only the rank 1 URI" {
	run -0 --separate-stderr q -j -1 +441632960083 +441632960084
	json_lines 2 '
		[.[] | .uris | length] == [1, 1]
		and [.[] | .uris[0] | [.rank, .uri]] == [
			[1, "sip:+441632960083@example.com"],
			[1, "sip:voicemail@example.com"]]
	'
}

# --- shell ------------------------------------------------------------------

@test "shell: read with IFS=tab gives the 7 fields, one line per URI per Enumservice" {
	local number status rank order pref es uri got=()
	run -2 q -o shell +441632960083 +441632960099
	while IFS=$'\t' read -r number status rank order pref es uri; do
		got+=("$number|$status|$rank|$order|$pref|$es|$uri")
	done <<<"$output"
	local want=(
		'+441632960083|ok|1|100|50|sip|sip:+441632960083@example.com'
		'+441632960083|ok|2|100|51|h323|h323:operator@example.com'
		'+441632960083|ok|3|100|52|email:mailto|mailto:info@example.com'
		'+441632960083|ok|4|100|53|sms:tel|tel:+441632960083'
		'+441632960083|ok|4|100|53|ems:tel|tel:+441632960083'
		'+441632960099|nxdomain|||||'
	)
	[[ ${got[*]} == "${want[*]}" ]] ||
		fail "got:$(printf '\n  %s' "${got[@]}")"
}

@test "shell: exactly 7 tab-separated fields on every line (awk, cut)" {
	local out=$BATS_TEST_TMPDIR/out
	q -o shell +441632960083 +441632960084 +441632960085 +441632960099 \
		+44-abc >"$out" 2>/dev/null && fail "exit 0"
	run awk -F'\t' 'NF != 7 { print NR ": " NF " fields: " $0 }' "$out"
	assert_output ''
	# 5 + 4 URI lines (one per URI per Enumservice), 3 without URIs
	run cut -f1,7 "$out"
	assert_output "+441632960083	sip:+441632960083@example.com
+441632960083	h323:operator@example.com
+441632960083	mailto:info@example.com
+441632960083	tel:+441632960083
+441632960083	tel:+441632960083
+441632960084	sip:voicemail@example.com
+441632960084	sip:441632960084@sip.provider.example
+441632960084	sips:441632960084@sip.provider.example
+441632960084	sip:fallback@example.com
+441632960085	
+441632960099	
+44-abc	"
}

@test "shell: a number without URIs is one line with five empty fields" {
	run -1 q -o shell +441632960085
	assert_output "+441632960085	nodata					"
	run -2 q -o shell +441632960099
	assert_output "+441632960099	nxdomain					"
	run -4 --separate-stderr q -o shell +44-abc
	assert_output "+44-abc	invalid					"
}

@test "shell: -1 gives one line, the rank 1 URI" {
	run -0 q -o shell -1 +441632960083
	assert_output "+441632960083	ok	1	100	50	sip	sip:+441632960083@example.com"
}

@test "shell: awk picks the sip URIs of a number" {
	run -0 q -o shell +441632960084
	run awk -F'\t' '$6 == "sip" { print $3 " " $7 }' <<<"$output"
	assert_output "2 sip:441632960084@sip.provider.example
3 sips:441632960084@sip.provider.example
4 sip:fallback@example.com"
}

# --- hostile bytes (RFC 3403 4.1: any byte; style.md: escaping) -------------

@test "hostile: JSON stays valid and keeps every byte exactly (\\u00XX)" {
	q -j +441639000001 >"$BATS_TEST_TMPDIR/out" || fail "exit $?"
	[[ $(wc -l <"$BATS_TEST_TMPDIR/out") -eq 1 ]] || fail "not one line"
	[[ -z $(unsafe_bytes "$BATS_TEST_TMPDIR/out") ]] ||
		fail "raw control or non-ASCII bytes in JSON: $(unsafe_bytes "$BATS_TEST_TMPDIR/out")"
	run cat "$BATS_TEST_TMPDIR/out"
	json_is '
		[.records[] | [.preference, .flags, .services, .regexp, .result, .reason]] == [
		[10, "\u001b[31m", "E2U+sip", "!^.*$!sip:a@example.com!", null, "unknown-flags"],
		[11, "\u00ff", "E2U+sip", "!^.*$!sip:b@example.com!", null, "unknown-flags"],
		[12, "u", "E2U+sip\t\n\u0000\"\\", "!^.*$!sip:c@example.com!", null, "no-enumservice"],
		[13, "u", "E2U+sip", "!^.*$!sip:d\tx@example.com!", "sip:d\tx@example.com", "not-a-uri"],
		[14, "u", "E2U+sip", "!^.*$!sip:e\u001b[2J@example.com!", "sip:e\u001b[2J@example.com", "not-a-uri"],
		[15, "u", "E2U+sip", "!^.*$!sip:f\u0000\u00ff\r\n@example.com!", "sip:f\u0000\u00ff\r\n@example.com", "not-a-uri"],
		[16, "u", "E2U+sip", "!^.*$!sip:\"g\"\\\\@example.com!", "sip:\"g\"\\@example.com", "not-a-uri"],
		[17, "u", "E2U+sip+\u001b[31m+\u007f\u0080", "!(\t\u007f|^).*$!sip:ok@example.com!", "sip:ok@example.com", null],
		[18, "", "E2U", "", "\\027x\\255.9.3.6.1.4.4.e164.arpa.", "target-nxdomain"]]
		and .records[8].replacement == "\\027x\\255.9.3.6.1.4.4.e164.arpa."
		and [.uris[] | [.rank, .uri, .enumservices]] == [[1, "sip:ok@example.com", ["sip"]]]
		and .status == "ok"
	'
}

@test "hostile: text -v shows no control byte and no byte above 0x7e, stdout or stderr" {
	q -v +441639000001 >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" || fail "exit $?"
	[[ -z $(unsafe_bytes "$BATS_TEST_TMPDIR/out") ]] ||
		fail "unsafe bytes on stdout: $(unsafe_bytes "$BATS_TEST_TMPDIR/out")"
	[[ -z $(unsafe_bytes "$BATS_TEST_TMPDIR/err") ]] ||
		fail "unsafe bytes in the trace: $(unsafe_bytes "$BATS_TEST_TMPDIR/err")"
	# the same check with grep -P, as a second opinion
	run -1 env LC_ALL=C grep -cP '[\x00-\x09\x0b-\x1f\x7f-\xff]' "$BATS_TEST_TMPDIR/out"
	# one header, the flags, the sip group and its URI, "records" and 9
	# records
	[[ $(wc -l <"$BATS_TEST_TMPDIR/out") -eq 14 ]] ||
		fail "line count: $(cat -v "$BATS_TEST_TMPDIR/out")"
}

@test "hostile: text -v shows the hostile bytes as zone-file escapes" {
	q -v +441639000001 >"$BATS_TEST_TMPDIR/out" 2>/dev/null || fail "exit $?"
	run grep -F -e '"\027[31m"' -e '"\255"' -e '"E2U+sip\009\010\000\"\\"' \
		-e '-> sip:e\027[2J@example.com (not-a-uri)' \
		-e '-> sip:f\000\255\013\010@example.com (not-a-uri)' \
		-e '"E2U+sip+\027[31m+\127\128"' "$BATS_TEST_TMPDIR/out"
	[[ ${#lines[@]} -eq 6 ]] || fail "escapes missing: $(<"$BATS_TEST_TMPDIR/out")"
	run -0 q +441639000001
	assert_line --index 1 '  sip'
	assert_line --index 2 '    1  sip:ok@example.com  (order 10 pref 17)'
}

@test "hostile: text -v prints a replacement name as in a zone file, escaped once" {
	# the wire label is 1b 78 ff; zone syntax writes it \027x\255
	q -v +441639000001 >"$BATS_TEST_TMPDIR/out" 2>/dev/null || fail "exit $?"
	run grep -F '"" "E2U" "" ' "$BATS_TEST_TMPDIR/out"
	assert_output '    1.0.0.0.0.0.9.3.6.1.4.4.e164.arpa. NAPTR 10 18 "" "E2U" "" \027x\255.9.3.6.1.4.4.e164.arpa. -> \027x\255.9.3.6.1.4.4.e164.arpa. (target-nxdomain)'
}

@test "hostile: shell output is one 7-field line, the clean URI only" {
	q -o shell +441639000001 >"$BATS_TEST_TMPDIR/out" || fail "exit $?"
	run cat "$BATS_TEST_TMPDIR/out"
	assert_output "+441639000001	ok	1	10	17	sip	sip:ok@example.com"
	[[ -z $(unsafe_bytes "$BATS_TEST_TMPDIR/out" $'\t') ]] ||
		fail "unsafe bytes: $(unsafe_bytes "$BATS_TEST_TMPDIR/out" $'\t')"
}

@test "hostile: -1 text prints only the clean URI" {
	run -0 q -1 +441639000001
	assert_output 'sip:ok@example.com'
}

@test "hostile input: tab, newline, ESC and 0xff in a number stay inside their field" {
	local bad=$'+44\t16\n32\e[2J\xff'
	# shell: one line, 7 fields, the bytes escaped
	q -o shell "$bad" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" && fail "exit 0"
	run cat "$BATS_TEST_TMPDIR/out"
	assert_output '+44\t16\n32\x1b[2J\xff	invalid					'
	# JSON: the exact bytes
	run -4 --separate-stderr q -j "$bad"
	json_is '.input == "+44\t16\n32\u001b[2J\u00ff" and .status == "invalid"'
	# text and the error on stderr: escaped
	q "$bad" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" && fail "exit 0"
	[[ -z $(unsafe_bytes "$BATS_TEST_TMPDIR/out") ]] ||
		fail "unsafe bytes on stdout: $(cat -v "$BATS_TEST_TMPDIR/out")"
	[[ -z $(unsafe_bytes "$BATS_TEST_TMPDIR/err") ]] ||
		fail "unsafe bytes on stderr: $(cat -v "$BATS_TEST_TMPDIR/err")"
	[[ $(wc -l <"$BATS_TEST_TMPDIR/out") -eq 1 && $(wc -l <"$BATS_TEST_TMPDIR/err") -eq 1 ]] ||
		fail "not one line each: $(cat -v "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/err")"
}

@test "hostile input: a NUL in a -f line is kept, not cut off (JSON, shell, stderr)" {
	printf '%s\0%s\n' +4416329600 83 >"$BATS_TEST_TMPDIR/numbers"
	q -j -f "$BATS_TEST_TMPDIR/numbers" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &&
		fail "exit 0"
	run cat "$BATS_TEST_TMPDIR/out"
	json_is '.input == "+4416329600\u000083" and .status == "invalid"'
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output --partial 'enumq: +4416329600\00083: '
	q -o shell -f "$BATS_TEST_TMPDIR/numbers" >"$BATS_TEST_TMPDIR/out" 2>/dev/null &&
		fail "exit 0"
	run cat "$BATS_TEST_TMPDIR/out"
	assert_output '+4416329600\x0083	invalid					'
}

# --- a backslash and DEL (man enumq, Escaping) -----------------------------

# field_bytes: the bytes of stdin in hex, one line.
field_bytes() {
	od -An -tx1 | tr -s ' \n' ' '
}

@test "escaping: an input byte 0x01, the text \\x01, DEL and a backslash in a number, every format" {
	local in=($'+44\x01' '+44\x01' $'+44\x7f' '+44\')
	local why='not an E.164 number: unexpected character'
	# shell: \xHH for 0x01 and DEL, \\ for a backslash, so that 0x01 and
	# the text \x01 differ
	run -4 --separate-stderr q -o shell "${in[@]}"
	assert_output '+44\x01	invalid					
+44\\x01	invalid					
+44\x7f	invalid					
+44\\	invalid					'
	# and each field reads back (printf %b undoes \\, \t, \n, \xHH) as
	# the very bytes given
	local i field
	for i in "${!in[@]}"; do
		field=$(cut -f 1 <<<"${lines[i]}")
		assert_equal "$(printf '%b' "$field" | field_bytes)" \
			"$(printf '%s' "${in[i]}" | field_bytes)"
	done
	assert_equal "${#stderr_lines[@]}" 4
	# text and stderr: \DDD for 0x01 and DEL, \\ for a backslash
	run -4 --separate-stderr q "${in[@]}"
	assert_output "+44\\001: invalid: $why
+44\\\\x01: invalid: $why
+44\\127: invalid: $why
+44\\\\: invalid: $why"
	assert_equal "$stderr" "enumq: +44\\001: $why
enumq: +44\\\\x01: $why
enumq: +44\\127: $why
enumq: +44\\\\: $why"
	run -4 --separate-stderr q -n "${in[@]}"
	assert_output ''
	assert_equal "$stderr" "enumq: +44\\001: $why
enumq: +44\\\\x01: $why
enumq: +44\\127: $why
enumq: +44\\\\: $why"
	# JSON: \u0001, \\ and \u007f as the man page writes them, decoding
	# to the bytes given
	run -4 --separate-stderr q -j "${in[@]}"
	json_lines 4 '[.[].input] == ["+44\u0001", "+44\\x01", "+44\u007f", "+44\\"]'
	assert_equal "$(sed -E 's/^\{"input":("([^"\\]|\\.)*"),.*/\1/' <<<"$output")" \
		'"+44\u0001"
"+44\\x01"
"+44\u007f"
"+44\\"'
}

@test "escaping: DEL, 0x01 and a backslash in a number: no raw control byte in text or shell output, stdout or stderr" {
	local out=$BATS_TEST_TMPDIR/out err=$BATS_TEST_TMPDIR/err fmt st
	for fmt in text shell; do
		st=0
		q -o "$fmt" $'+44\x7f\x01' '+44\' >"$out" 2>"$err" || st=$?
		assert_equal "$st" 4
		[[ -z $(unsafe_bytes "$out" $'\t') ]] ||
			fail "$fmt: raw bytes on stdout: $(unsafe_bytes "$out" $'\t')"
		[[ -z $(unsafe_bytes "$err") ]] ||
			fail "$fmt: raw bytes on stderr: $(unsafe_bytes "$err")"
		assert_equal "$(wc -l <"$out") $(wc -l <"$err")" "2 2"
	done
}

@test "escaping: URIs holding a backslash, the text \\x01, 0x01 or DEL: JSON keeps them escaped, not-a-uri" {
	run -0 --separate-stderr q -j +441639000002
	assert_equal "$stderr" ''
	json_is '[.records[] | [.preference, .result, .reason]] == [
		[10, "sip:a\\b@example.com", "not-a-uri"],
		[11, "sip:a\\x01b@example.com", "not-a-uri"],
		[12, "sip:a\u0001b@example.com", "not-a-uri"],
		[13, "sip:a\u007fb@example.com", "not-a-uri"],
		[14, "sip:ok@example.com", null]]
		and [.uris[].uri] == ["sip:ok@example.com"]'
	local net=$output
	# the JSON text itself: \\ for a backslash, \u0001 and \u007f
	run -0 grep -o '"\(regexp\|result\)":"\([^"\\]\|\\.\)*"' <<<"$output"
	assert_output '"regexp":"!^.*$!sip:a\\\\b@example.com!"
"result":"sip:a\\b@example.com"
"regexp":"!^.*$!sip:a\\\\x01b@example.com!"
"result":"sip:a\\x01b@example.com"
"regexp":"!^.*$!sip:a\u0001b@example.com!"
"result":"sip:a\u0001b@example.com"
"regexp":"!^.*$!sip:a\u007fb@example.com!"
"result":"sip:a\u007fb@example.com"
"regexp":"!^(\\+44\u007f|.)*$!sip:ok@example.com!"
"result":"sip:ok@example.com"'
	# read from the zone file (-z), the same
	run -0 --separate-stderr enumq -j -z "$BATS_FILE_TMPDIR/hostile.zone" +441639000002
	assert_equal "$(jq -c 'del(.server, .servers[].server, .elapsed_ms)' <<<"$output")" \
		"$(jq -c 'del(.server, .servers[].server, .elapsed_ms)' <<<"$net")"
}

@test "escaping: URIs holding a backslash, the text \\x01, 0x01 or DEL: text -v escapes each, shell and -1 print only the clean URI" {
	local out=$BATS_TEST_TMPDIR/out err=$BATS_TEST_TMPDIR/err st=0
	q -v +441639000002 >"$out" 2>"$err" || st=$?
	assert_equal "$st" 0
	[[ -z $(unsafe_bytes "$out") && -z $(unsafe_bytes "$err") ]] ||
		fail "raw bytes: $(unsafe_bytes "$out") / $(unsafe_bytes "$err")"
	run grep -F ' NAPTR 10 ' "$out"
	assert_output '    2.0.0.0.0.0.9.3.6.1.4.4.e164.arpa. NAPTR 10 10 "u" "E2U+sip" "!^.*$!sip:a\\\\b@example.com!" . -> sip:a\\b@example.com (not-a-uri)
    2.0.0.0.0.0.9.3.6.1.4.4.e164.arpa. NAPTR 10 11 "u" "E2U+sip" "!^.*$!sip:a\\\\x01b@example.com!" . -> sip:a\\x01b@example.com (not-a-uri)
    2.0.0.0.0.0.9.3.6.1.4.4.e164.arpa. NAPTR 10 12 "u" "E2U+sip" "!^.*$!sip:a\001b@example.com!" . -> sip:a\001b@example.com (not-a-uri)
    2.0.0.0.0.0.9.3.6.1.4.4.e164.arpa. NAPTR 10 13 "u" "E2U+sip" "!^.*$!sip:a\127b@example.com!" . -> sip:a\127b@example.com (not-a-uri)
    2.0.0.0.0.0.9.3.6.1.4.4.e164.arpa. NAPTR 10 14 "u" "E2U+sip" "!^(\\+44\127|.)*$!sip:ok@example.com!" . -> sip:ok@example.com'
	run -0 --separate-stderr q -o shell +441639000002
	assert_output '+441639000002	ok	1	10	14	sip	sip:ok@example.com'
	run -0 --separate-stderr q -1 +441639000002
	assert_output 'sip:ok@example.com'
}
