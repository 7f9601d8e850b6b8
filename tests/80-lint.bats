#!/usr/bin/env bats
# 80-lint: --lint and --list (issue 12, sections 1 and 3).
# tests/data/80-lint/ holds a zone of typical provisioning mistakes
# (mistakes.zone, its targets in provider.zone), the findings enumq
# --lint must print for them with file and line (mistakes.expected) and
# the numbers --list must print (mistakes.list); clean.zone, in which
# nothing is found.  NSD serves the mistakes zones, so that lint over the
# network is checked against lint from the files: the same findings,
# without file and line.

# $stderr and $stderr_lines come from run --separate-stderr.
# shellcheck disable=SC2154

bats_require_minimum_version 1.5.0

load helper

DATA=$BATS_TEST_DIRNAME/data/80-lint

# Every code --lint has; the man page lists the same (a test below).
ERRORS='bad-backref bad-delimiters bad-regexp bad-regexp-flags dangling-target
never-matches no-answer no-enumservice no-regexp no-replacement no-usable-uri
not-a-uri not-e2u loop query-limit regexp-and-replacement regexp-limit
regexp-undefined scheme-mismatch target-error target-nodata too-deep
unescaped-plus unknown-flags'
WARNINGS='duplicate-rank duplicate-uri i-flag legacy-syntax portability
ttl-mismatch unregistered-service'
NOTES='no-naptr nxdomain'

setup_file() {
	nsd_start "4.4.e164.arpa=$DATA/mistakes.zone" \
	    "provider.example=$DATA/provider.zone"
}

teardown_file() {
	nsd_stop
}

# lint ARG...: enumq --lint over the mistakes zones, from their directory,
# so that findings name the files as the expected output does
lint() {
	cd "$DATA" && enumq --lint -z mistakes.zone -z provider.zone "$@"
}

@test "lint: every finding of the mistakes zone, file and line, as mistakes.expected; exit 2" {
	run --separate-stderr lint
	assert_equal "$status" 2
	assert_equal "$output" "$(<"$DATA/mistakes.expected")"
	assert_equal "$stderr" ''
}

@test "lint: every code but no-naptr, target-error and the limits' is in the mistakes zone, on the line its comment names" {
	run --separate-stderr lint -j
	assert_equal "$status" 2
	assert_equal "$stderr" ''
	# each number's mistake is the code its comment names, on a line
	# after the comment: the zone says which finding it is written for
	local code line want=0
	while IFS=: read -r line code; do
		# (a loop and a chain too long close in provider.zone)
		json_lines "$(grep -c '' <<<"$output")" --arg code "$code" \
		    --argjson line "$line" \
		    'any(.[]; .code == $code and ((.file == "mistakes.zone" and
		    .line > $line and .line <= $line + 3) or
		    .file == "provider.zone"))'
		want=$((want + 1))
	done < <(grep -n '^; [a-z-]*[:(]' "$DATA/mistakes.zone" |
	    sed 's/^\([0-9]*\):; \([a-z-]*\).*/\1:\2/')
	[[ $want -ge 30 ]]
	local all
	all=$(printf '%s\n' $ERRORS $WARNINGS $NOTES | grep -vx \
	    'no-naptr\|query-limit\|regexp-limit\|target-error' |
	    jq -R . | jq -sc 'sort')
	json_lines "$(grep -c '' <<<"$output")" --argjson all "$all" \
	    '(.[-1].summary.codes | keys) == $all'
}

@test "lint: JSON Lines, the keys of the man page in order, severities and counts in the summary" {
	run --separate-stderr lint -j
	assert_equal "$status" 2
	assert_equal "$stderr" ''
	local n
	n=$(grep -c '' <<<"$output")
	json_lines "$n" '.[:-1] | all(keys_unsorted ==
	    ["severity","code","file","line","owner","number","record",
	     "message","rfc"])'
	json_lines "$n" '.[:-1] | all((.severity | IN("error","warning","note"))
	    and (.file | type) == "string" and (.line | type) == "number"
	    and (.rfc | test("^RFC [0-9]+ [0-9.]+$"))
	    and ((.record | strings | startswith("NAPTR ")) or
	        (.record == null and (.code | IN("no-answer", "nxdomain")))))'
	json_lines "$n" '.[-1] == {"summary": {"names": 50, "numbers": 39,
	    "records": 81, "errors": 29, "warnings": 27, "notes": 2,
	    "codes": (.[:-1] | group_by(.code) |
	        map({(.[0].code): length}) | add)}}'
	json_lines "$n" '(.[:-1] | map(select(.severity == "error")) | length)
	    == .[-1].summary.errors'
	# a number owns the findings at its own name, no number those at a
	# wildcard or a target
	json_lines "$n" '[.[:-1][] | select(.owner == "*.9.0.6.9.2.3.6.1.4.4.e164.arpa."
	    or (.owner | endswith("provider.example."))) | .number] |
	    length > 0 and all(. == null)'
	json_lines "$n" '[.[:-1][] | select(.code == "never-matches")] ==
	    [{"severity": "error", "code": "never-matches",
	      "file": "mistakes.zone", "line": 55,
	      "owner": "2.1.0.0.6.9.2.3.6.1.4.4.e164.arpa.",
	      "number": "+441632960012",
	      "record": "NAPTR 100 20 \"u\" \"E2U+email:mailto\" \"!^\\\\+441632960099$!mailto:info@example.com!\" .",
	      "message": "the ERE does not match +441632960012, the only number that asks for this name: the record is never used",
	      "rfc": "RFC 5483 4"}]'
}

@test "lint: each code found has its severity, and the man page documents every code with an RFC section" {
	run --separate-stderr lint -j
	assert_equal "$status" 2
	assert_equal "$stderr" ''
	local errors warnings notes
	errors=$(printf '%s\n' $ERRORS | jq -R . | jq -sc .)
	warnings=$(printf '%s\n' $WARNINGS | jq -R . | jq -sc .)
	notes=$(printf '%s\n' $NOTES unregistered-service | jq -R . | jq -sc .)
	json_lines "$(grep -c '' <<<"$output")" --argjson e "$errors" \
	    --argjson w "$warnings" --argjson n "$notes" '.[:-1] | all(
	    (.severity == "error" and (.code | IN($e[]))) or
	    (.severity == "warning" and (.code | IN($w[]))) or
	    (.severity == "note" and (.code | IN($n[]))))'
	# in the man page's "Checking zones", each code is a tag of its list
	# whose text names an RFC section
	local man=$BATS_TEST_DIRNAME/../man/enumq.1 code section
	section=$(sed -n '/^\.Ss Checking zones/,/^\.Ss /p' "$man")
	for code in $ERRORS $WARNINGS $NOTES; do
		awk -v code="$code" '
		    /^\.It Cm / { on = 0; n = split(substr($0, 8), w, / , | ,$|,/)
			for (i = 1; i <= n; i++) if (w[i] == code) on = 1; next }
		    on && /RFC [0-9]+ section/ { found = 1 }
		    END { exit !found }' <<<"$section" ||
			fail "man page: $code is not a tag of Checking zones with an RFC section"
	done
}

@test "lint: the shell format is one line of six tab-separated fields per finding, as JSON has them" {
	run --separate-stderr lint -o shell
	assert_equal "$status" 2
	assert_equal "$stderr" ''
	local shell=$output
	run --separate-stderr lint -j
	assert_equal "$status" 2
	assert_equal "$shell" "$(jq -r 'select(.summary == null) |
	    [.file, .line, .severity, .code, .owner, .message] | @tsv' <<<"$output")"
	assert_equal "$(awk -F '\t' 'NF != 6' <<<"$shell")" ''
}

@test "lint: a clean zone: nothing found, the summary alone, exit 0" {
	cd "$DATA"
	run --separate-stderr enumq --lint -z clean.zone
	assert_equal "$status" 0
	assert_equal "$output" '5 names, 4 numbers, 8 records: 0 errors, 0 warnings, 0 notes'
	assert_equal "$stderr" ''
	run --separate-stderr enumq --lint -j -z clean.zone
	assert_equal "$status" 0
	json_is '. == {"summary": {"names": 5, "numbers": 4, "records": 8,
	    "errors": 0, "warnings": 0, "notes": 0, "codes": {}}}'
	assert_equal "$stderr" ''
	run --separate-stderr enumq --lint -o shell -z clean.zone +441632960001
	assert_equal "$status" 0
	assert_equal "$output" ''
	assert_equal "$stderr" ''
	# and clean is what a lookup of its numbers gives: all ok
	run --separate-stderr enumq -z clean.zone +441632960001 +441632960002 \
	    +441632960003 +441632960004 +441632960155 -o shell -1
	assert_equal "$status" 0
	assert_equal "$(cut -f 1,2,7 <<<"$output")" $'+441632960001\tok\tsip:441632960001@example.com
+441632960002\tok\th323:desk@example.com
+441632960003\tok\ttel:+441632960003
+441632960004\tok\tsip:441632960004@example.com
+441632960155\tok\tsip:441632960155@pbx.example.com'
}

@test "lint: warnings only exit 1; notes only exit 0; -q prints nothing" {
	zone_write warn.zone 4.4.e164.arpa <<'EOF'
3.8.0.0.6.9.2.3.6.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:a@example.com!i" .
EOF
	run --separate-stderr enumq --lint -z "$BATS_FILE_TMPDIR/warn.zone"
	assert_equal "$status" 1
	assert_equal "$output" "+441632960083 (3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.):
$BATS_FILE_TMPDIR/warn.zone:6: warning: the \"i\" flag after the regexp means nothing for a number and should not be provisioned (RFC 5483 2.2) [i-flag]
    NAPTR 100 10 \"u\" \"E2U+sip\" \"!^.*\$!sip:a@example.com!i\" .
1 name, 1 number, 1 record: 0 errors, 1 warning, 0 notes
  i-flag 1"
	assert_equal "$stderr" ''
	# a zone holds no notes but of a private Enumservice, which comes
	# with a warning or an error; a number given that is not there is one
	run --separate-stderr enumq --lint -j -z "$DATA/clean.zone" +441632960888
	assert_equal "$status" 0
	json_lines 2 '.[0].severity == "note" and .[0].code == "nxdomain"
	    and .[1].summary.notes == 1 and .[1].summary.warnings == 0'
	assert_equal "$stderr" ''
	run --separate-stderr lint -q
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" ''
}

@test "lint over the network: NSD serving the mistakes zones gives the same findings, without file and line" {
	local numbers=$BATS_TEST_TMPDIR/numbers files net
	cp "$DATA/mistakes.list" "$numbers"
	run --separate-stderr lint -j -f "$numbers"
	assert_equal "$status" 2
	assert_equal "$stderr" ''
	files=$output
	run --separate-stderr enumq --lint -j -S "$NSD_ADDR" -p "$NSD_PORT" -f "$numbers"
	assert_equal "$status" 2
	assert_equal "$stderr" ''
	net=$output
	local n
	n=$(grep -c '' <<<"$net")
	[[ $n -gt 40 ]]
	json_lines "$n" '.[:-1] | all(.file == null and .line == null)'
	assert_equal "$(jq -c 'select(.summary == null) |
	    [.severity, .code, .owner, .number, .record]' <<<"$net")" \
	    "$(jq -c 'select(.summary == null) |
	    [.severity, .code, .owner, .number, .record]' <<<"$files")"
	assert_equal "$(jq -c '.summary // empty' <<<"$net")" \
	    "$(jq -c '.summary // empty' <<<"$files")"
	# a pair's finding names the earlier record by its place instead
	json_lines "$n" '[.[:-1][] | select(.code == "ttl-mismatch") | .message] ==
	    ["TTL 60, where the answer'"'"'s record 1, the first of the set, has 300: an RRset has one TTL"]'
	# the text format puts the owner where file:line would be
	run --separate-stderr enumq --lint -S "$NSD_ADDR" -p "$NSD_PORT" +441632960012
	assert_equal "$status" 2
	assert_equal "$output" '+441632960012 (2.1.0.0.6.9.2.3.6.1.4.4.e164.arpa.):
2.1.0.0.6.9.2.3.6.1.4.4.e164.arpa.: error: the ERE does not match +441632960012, the only number that asks for this name: the record is never used (RFC 5483 4) [never-matches]
    NAPTR 100 20 "u" "E2U+email:mailto" "!^\\+441632960099$!mailto:info@example.com!" .
1 name, 1 number, 2 records: 1 error, 0 warnings, 0 notes
  never-matches 1'
	assert_equal "$stderr" ''
}

@test "lint of numbers given: nxdomain and no-naptr are notes, no-answer an error, an invalid number an error on stderr" {
	run --separate-stderr lint -o shell +441632960001 +441632960888 \
	    txtonly +14155550100
	assert_equal "$status" 2
	assert_equal "$output" $'mistakes.zone\t11\terror\tno-replacement\t1.0.0.0.6.9.2.3.6.1.4.4.e164.arpa.\ta non-terminal record (empty flags) without a replacement: the record is discarded
mistakes.zone\t11\twarning\tportability\t1.0.0.0.6.9.2.3.6.1.4.4.e164.arpa.\ta non-terminal record: clients that follow none discard it
\t\tnote\tnxdomain\t8.8.8.0.6.9.2.3.6.1.4.4.e164.arpa.\tthe number is not in ENUM (NXDOMAIN)
\t\terror\tno-answer\t0.0.1.0.5.5.5.5.1.4.1.e164.arpa.\tnothing to check: no valid answer: REFUSED'
	assert_equal "$stderr" 'enumq: txtonly: not an E.164 number: unexpected character'
	zone_write txt.zone 4.4.e164.arpa <<'EOF'
3.8.0.0.6.9.2.3.6.1 TXT "not in service"
EOF
	run --separate-stderr enumq --lint -z "$BATS_FILE_TMPDIR/txt.zone" -j +441632960083
	assert_equal "$status" 0
	json_lines 2 '.[0] == {"severity": "note", "code": "no-naptr", "file": null,
	    "line": null, "owner": "3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.",
	    "number": "+441632960083", "record": null,
	    "message": "the number'"'"'s name holds no NAPTR records",
	    "rfc": "RFC 5346 4.1"} and .[1].summary.numbers == 1'
	assert_equal "$stderr" ''
}

@test "lint over the network: a target that fails is target-error, a number that fails no-answer" {
	fakedns_start <<'EOF'
RULES = {
    e164("+441632960083"): {"an": [
        naptr("@", 100, 10, "", "", "", "t.example."),
        naptr("@", 100, 20, "u", "E2U+sip", "!^.*$!sip:a@example.com!")]},
    "t.example.": {"rcode": "SERVFAIL"},
    e164("+441632960084"): {"rcode": "SERVFAIL"},
}
EOF
	run --separate-stderr enumq --lint -o shell -S 127.0.0.1 -p "$FAKEDNS_PORT" \
	    --retries 0 --timeout 2 +441632960083 +441632960084
	fakedns_stop
	assert_equal "$status" 2
	assert_equal "$output" $'\t\terror\ttarget-error\t3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.\tthe target t.example. gives no valid answer
\t\twarning\tportability\t3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.\ta non-terminal record: clients that follow none discard it
\t\terror\tno-answer\t4.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.\tnothing to check: no valid answer: SERVFAIL'
	assert_equal "$stderr" ''
}

@test "lint: the lookup's limits pass through under their codes: regexp-limit, query-limit" {
	local ntarget i
	# the number's own query and QUERIES_MAX - 1 targets: the last is one
	# too many
	ntarget=$(limit QUERIES_MAX)
	{
		# +444444444444414 against a pattern that backtracks without end
		echo '4.1.4.4.4.4.4.4.4.4.4.4.4 NAPTR 100 10 "u" "E2U+sip" "!^(\\+?(4|4)*)*1$!sip:evil@example.com!" .'
		echo '4.1.4.4.4.4.4.4.4.4.4.4.4 NAPTR 100 20 "u" "E2U+sip" "!^.*$!sip:good@example.com!" .'
		for ((i = 1; i <= ntarget; i++)); do
			echo "3.8.0.0.6.9.2.3.6.1 NAPTR 100 $i \"\" \"\" \"\" t$i.4.4.e164.arpa."
			echo "t$i NAPTR 100 10 \"u\" \"E2U+sip\" \"!^.*\$!sip:t$i@example.com!\" ."
		done
	} | zone_write limits.zone 4.4.e164.arpa
	run --separate-stderr enumq --lint -j -z "$BATS_FILE_TMPDIR/limits.zone" \
	    +444444444444414 +441632960083
	assert_equal "$status" 2
	json_lines "$((ntarget + 3))" --argjson n "$ntarget" '
	    [.[] | select(.code == "regexp-limit" or .code == "query-limit") |
	     [.code, .line]] == [["regexp-limit", 6], ["query-limit", 8 + 2 * ($n - 1)]]
	    and .[-1].summary.codes == {"portability": $n, "query-limit": 1,
	        "regexp-limit": 1}'
	assert_equal "$stderr" ''
}

@test "lint: RFC 6117 5.2.4: each Enumservice's schemes, as the issue names them (sip: sip, sips; voicemsg:tel: tel; email:mailto: mailto); RFC 5483 6.1: sip+E2U is legacy-syntax" {
	zone_write schemes.zone 4.4.e164.arpa <<'EOF'
1.8.0.0.6.9.2.3.6.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sips:a@example.com!" .
1.8.0.0.6.9.2.3.6.1 NAPTR 100 20 "u" "E2U+voicemsg:tel" "!^(.*)$!tel:\\1!" .
1.8.0.0.6.9.2.3.6.1 NAPTR 100 30 "u" "E2U+email:mailto" "!^.*$!mailto:a@example.com!" .
2.8.0.0.6.9.2.3.6.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!tel:+441632960082!" .
2.8.0.0.6.9.2.3.6.1 NAPTR 100 20 "u" "E2U+voicemsg:tel" "!^.*$!sip:vm@example.com!" .
2.8.0.0.6.9.2.3.6.1 NAPTR 100 30 "u" "E2U+email:mailto" "!^.*$!http://example.com/!" .
3.8.0.0.6.9.2.3.6.1 NAPTR 100 10 "u" "sip+E2U" "!^.*$!sip:a@example.com!" .
EOF
	run --separate-stderr enumq --lint -j -z "$BATS_FILE_TMPDIR/schemes.zone"
	assert_equal "$status" 2
	assert_equal "$stderr" ''
	# +441632960081's three records are clean: sips for sip, tel for
	# voicemsg:tel, mailto for email:mailto
	json_lines 5 '[.[:-1][] | [.severity, .code, .line, .number, .rfc]] == [
	    ["error", "scheme-mismatch", 9, "+441632960082", "RFC 6117 5.2.4"],
	    ["error", "scheme-mismatch", 10, "+441632960082", "RFC 6117 5.2.4"],
	    ["error", "scheme-mismatch", 11, "+441632960082", "RFC 6117 5.2.4"],
	    ["warning", "legacy-syntax", 12, "+441632960083", "RFC 5483 6.1"]]
	    and .[1].message == "the URI'"'"'s scheme sip: is not one voicemsg:tel allows (tel)"
	    and .[3].message == "\"sip+E2U\" is RFC 2916'"'"'s order, which zones must no longer hold: write \"E2U+sip\""
	    and .[-1].summary == {"names": 3, "numbers": 3, "records": 7,
	        "errors": 3, "warnings": 1, "notes": 0,
	        "codes": {"legacy-syntax": 1, "scheme-mismatch": 3}}'
}

@test "lint: RFC 6116 3.2: a name is read back as its number whatever the tree's spelling (-t in capitals reads it as e164.arpa. does)" {
	local plain
	run --separate-stderr lint -j
	assert_equal "$status" 2
	assert_equal "$stderr" ''
	plain=$output
	json_lines "$(grep -c '' <<<"$plain")" '.[-1].summary.numbers == 39'
	run --separate-stderr lint -j -t E164.ARPA.
	assert_equal "$status" 2
	assert_equal "$stderr" ''
	assert_equal "$output" "$plain"
	cd "$DATA"
	run --separate-stderr enumq --list -z mistakes.zone -t E164.ARPA.
	assert_equal "$status" 0
	assert_equal "$output" "$(<"$DATA/mistakes.list")"
}

@test "lint: bytes from a record stay escaped: text and shell printable, JSON exact" {
	printf '%s\n' '3.8.0.0.6.9.2.3.6.1 NAPTR 100 10 "\027\255" "E2U+sip" "!^.*$!sip:a@example.com!" .' \
	    '3.8.0.0.6.9.2.3.6.1 NAPTR 100 20 "u" "E2U+x\tz" "!^.*$!sip:b@example.com!" .' |
	    zone_write hostile.zone 4.4.e164.arpa
	run --separate-stderr enumq --lint -z "$BATS_FILE_TMPDIR/hostile.zone"
	assert_equal "$status" 2
	assert_equal "$(LC_ALL=C grep -c '[^[:print:]]' <<<"$output")" 0
	assert_line --index 1 --partial 'error: flags "\027\255": ENUM knows only "u" and none'
	assert_equal "$stderr" ''
	run --separate-stderr enumq --lint -o shell -z "$BATS_FILE_TMPDIR/hostile.zone"
	assert_equal "$status" 2
	assert_equal "$(LC_ALL=C grep -c '[^[:print:]	]' <<<"$output")" 0
	assert_equal "$(awk -F '\t' 'NF != 6' <<<"$output")" ''
	run --separate-stderr enumq --lint -j -z "$BATS_FILE_TMPDIR/hostile.zone"
	assert_equal "$status" 2
	json_lines "$(grep -c '' <<<"$output")" '.[0].record ==
	    "NAPTR 100 10 \"\\027\\255\" \"E2U+sip\" \"!^.*$!sip:a@example.com!\" ."'
	assert_equal "$stderr" ''
}

@test "list: the numbers of the names with NAPTRs, in zone order, as mistakes.list; -v names the others" {
	cd "$DATA"
	run --separate-stderr enumq --list -z mistakes.zone -z provider.zone
	assert_equal "$status" 0
	assert_equal "$output" "$(<"$DATA/mistakes.list")"
	assert_equal "$stderr" ''
	run --separate-stderr enumq --list -v -z mistakes.zone -z provider.zone
	assert_equal "$status" 0
	assert_equal "$output" "$(<"$DATA/mistakes.list")"
	assert_equal "$(grep -v '^;; ' <<<"$stderr")" 'enumq: 4.4.e164.arpa.: not listed: no NAPTR records
enumq: *.9.0.6.9.2.3.6.1.4.4.e164.arpa.: not listed: a wildcard, which no single number owns
enumq: 0.4.0.0.6.9.2.3.6.1.4.4.e164.arpa.: not listed: a CNAME, not NAPTR records
enumq: pbx.9.0.6.9.2.3.6.1.4.4.e164.arpa.: not listed: not a number: a label other than a digit below the tree
enumq: 3.4.0.0.6.9.2.3.6.1.4.4.e164.arpa.: not listed: a CNAME, not NAPTR records
enumq: provider.example.: not listed: no NAPTR records
enumq: a.loop.provider.example.: not listed: not under e164.arpa. or a -t tree
enumq: b.loop.provider.example.: not listed: not under e164.arpa. or a -t tree
enumq: d1.provider.example.: not listed: not under e164.arpa. or a -t tree
enumq: d2.provider.example.: not listed: not under e164.arpa. or a -t tree
enumq: d3.provider.example.: not listed: not under e164.arpa. or a -t tree
enumq: d4.provider.example.: not listed: not under e164.arpa. or a -t tree
enumq: d5.provider.example.: not listed: not under e164.arpa. or a -t tree
enumq: d6.provider.example.: not listed: not under e164.arpa. or a -t tree
enumq: txtonly.provider.example.: not listed: no NAPTR records
enumq: us.provider.example.: not listed: not under e164.arpa. or a -t tree'
	assert_equal "$(grep -c '^;; zone file' <<<"$stderr")" 2
}

@test "list into -f -: every number listed is looked up, in order, and answers from its zone" {
	cd "$DATA"
	run --separate-stderr bash -c 'enumq --list -z clean.zone |
	    enumq -z clean.zone -f - -o shell'
	assert_equal "$status" 0
	assert_equal "$(cut -f 1,2,3,7 <<<"$output")" $'+441632960001\tok\t1\tsip:441632960001@example.com
+441632960001\tok\t2\ttel:+441632960001
+441632960001\tok\t3\tmailto:office@example.com
+441632960002\tok\t1\th323:desk@example.com
+441632960002\tok\t2\thttps://www.example.com/
+441632960003\tok\t1\ttel:+441632960003
+441632960003\tok\t2\ttel:+441632960003'
	assert_equal "$stderr" ''
	# every number of the mistakes zone has a good record but the one
	# whose only record is broken, and the one below a zone cut
	run --separate-stderr bash -c 'enumq --list -z mistakes.zone -z provider.zone |
	    enumq -z mistakes.zone -z provider.zone -f - -j'
	assert_equal "$status" 3
	json_lines "$(grep -c '' "$DATA/mistakes.list")" --rawfile want "$DATA/mistakes.list" \
	    '[.[].input] == ($want | rtrimstr("\n") | split("\n")) and
	    [.[] | select(.status != "ok") | [.input, .status]] ==
	    [["+441632960021", "nodata"], ["+441632960042", "error"]]'
	assert_equal "$stderr" ''
}

@test "list and lint: -t trees, and the label i of infrastructure ENUM (RFC 5527)" {
	zone_write trees.zone example.net <<'EOF'
3.8.0.0.6.9.2.3.6.1.4.4.enum NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:a@example.com!" .
3.8.0.0.6.9.2.3.6.1.i.4.4.enum NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:b@example.com!i" .
3.8.0.0.6.9.2.3.6.1.4.4.other NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:c@example.com!" .
EOF
	run --separate-stderr enumq --list -z "$BATS_FILE_TMPDIR/trees.zone" -t enum.example.net
	assert_equal "$status" 0
	assert_equal "$output" $'+441632960083\n+441632960083'
	assert_equal "$stderr" ''
	run --separate-stderr enumq --lint -j -z "$BATS_FILE_TMPDIR/trees.zone" -t enum.example.net
	assert_equal "$status" 1
	json_lines 2 '.[0].code == "i-flag" and .[0].number == "+441632960083" and
	    .[0].owner == "3.8.0.0.6.9.2.3.6.1.i.4.4.enum.example.net." and
	    .[1].summary.numbers == 2 and .[1].summary.names == 3'
	assert_equal "$stderr" ''
}

@test "lint and list: usage errors name both options, exit 64" {
	local z=$DATA/clean.zone
	run --separate-stderr enumq --lint --list -z "$z"
	assert_equal "$status" 64
	assert_equal "$output" ''
	assert_equal "$stderr" 'enumq: --lint and --list may not be combined'
	run --separate-stderr enumq --list +441632960083
	assert_equal "$status" 64
	assert_equal "$output" ''
	assert_equal "$stderr" 'enumq: --list and numbers may not be combined: it reads the numbers of the -z zones'
	run --separate-stderr enumq --list
	assert_equal "$status" 64
	assert_equal "$output" ''
	assert_equal "$stderr" 'enumq: --list needs -z: it lists the numbers of zone files'
	run --separate-stderr enumq --list -j -z "$z"
	assert_equal "$status" 64
	assert_equal "$output" ''
	assert_equal "$stderr" 'enumq: --list and -j may not be combined'
	run --separate-stderr enumq --lint -s sip -z "$z"
	assert_equal "$status" 64
	assert_equal "$output" ''
	assert_equal "$stderr" 'enumq: --lint and -s may not be combined: it checks every record, whatever its Enumservice'
	run --separate-stderr enumq --lint -1 -z "$z"
	assert_equal "$status" 64
	assert_equal "$output" ''
	assert_equal "$stderr" 'enumq: --lint and -1 may not be combined: it writes findings, not URIs'
	run --separate-stderr enumq --lint -n +441632960083
	assert_equal "$status" 64
	assert_equal "$output" ''
	assert_equal "$stderr" 'enumq: --lint and -n may not be combined: it writes findings, not domain names'
	run --separate-stderr enumq --list -s sip -z "$z"
	assert_equal "$status" 64
	assert_equal "$output" ''
	assert_equal "$stderr" 'enumq: --list and -s may not be combined: it lists every number with NAPTR records'
	# --lint without -z needs numbers: the usage, as without --lint
	run --separate-stderr enumq --lint
	assert_equal "$status" 64
	assert_equal "$output" ''
	assert_equal "${stderr_lines[0]}" 'usage: enumq [options] [@server ...] number ...'
}

@test "lint: a write error on stdout is exit 74" {
	[[ -w /dev/full ]] || skip 'no /dev/full'
	run --separate-stderr bash -c 'cd "$1" && enumq --lint -z mistakes.zone \
	    -z provider.zone >/dev/full' _ "$DATA"
	assert_equal "$status" 74
	assert_equal "$output" ''
	assert_equal "$stderr" 'enumq: stdout: write error'
}
