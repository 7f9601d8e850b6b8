#!/usr/bin/env bats
# The ENUM client rules of /work/shared/enum-rules.md sections 2-8 and its
# test vectors, one test per rule, each named "SECTION RFC ...: rule".
# Every lookup goes through enumq_both: once over the network against NSD
# and once from the same zone files (-z); both must agree.
#
# Most numbers live in two blocks of e164.arpa:
#   +4420794600NN -> N.N.0.0.6.4.9.7.0.2.4.4.e164.arpa.  (written "N.N")
#   +4420794601NN -> N.N.1.0.6.4.9.7.0.2.4.4.e164.arpa.
# Non-terminal targets live in provider.example; --tree tests use
# tree-a.example and tree-b.example. Names under *.invalid are in no zone
# (NSD answers REFUSED).
# The zones' records are in tests/data/20-rules/*.records (setup_file adds
# the generated ones). Zone files double every backslash: "\\1" there is
# \1 on the wire.

load helper

DATA=$BATS_TEST_DIRNAME/data/20-rules
ZONES=(e164.zone provider.zone tree-a.zone tree-b.zone)

setup_file() {
	zone_write e164.zone e164.arpa <"$DATA/e164.records"
	zone_write provider.zone provider.example <"$DATA/provider.records"
	# c1 ... cH, a chain of H = CHAIN_MAX_HOPS hops from 0.9 to a URI;
	# d1 ... dH+1, one hop more (0.9 and 1.9 refer to c1 and d1)
	local hops i
	hops=$(limit CHAIN_MAX_HOPS)
	{
		for ((i = 1; i < hops; i++)); do
			printf 'c%d NAPTR 10 10 "" "E2U" "" c%d.provider.example.\n' "$i" "$((i + 1))"
		done
		printf 'c%d NAPTR 10 10 "u" "E2U+sip" "!^(.*)$!sip:\\\\1@hop%d.example!" .\n' \
			"$hops" "$hops"
		for ((i = 1; i <= hops; i++)); do
			printf 'd%d NAPTR 10 10 "" "E2U" "" d%d.provider.example.\n' "$i" "$((i + 1))"
		done
		printf 'd%d NAPTR 10 10 "u" "E2U+sip" "!^(.*)$!sip:\\\\1@hop%d.example!" .\n' \
			"$((hops + 1))" "$((hops + 1))"
	} >>"$BATS_FILE_TMPDIR/provider.zone"
	# g*, h*, i*: each refers to all three names of the next level (a
	# fan-out of 3^4 paths without loops), j* do not exist
	local a b n c
	for a in g h i; do
		b=$(tr ghi hij <<<"$a")
		for n in 1 2 3; do
			for c in 1 2 3; do
				printf '%s%s NAPTR 10 %s "" "E2U" "" %s%s.provider.example.\n' \
					"$a" "$n" "$c" "$b" "$c"
			done
		done
	done >>"$BATS_FILE_TMPDIR/provider.zone"

	# a REGEXP of the maximum 255 octets
	printf '4.1.0.0.6.4.9.7.0.2.4.4.e164.arpa. NAPTR 20 10 "u" "E2U+sip" "!^.*$!sip:%s@x.example!" .\n' \
		"$(printf 'a%.0s' {1..234})" >>"$BATS_FILE_TMPDIR/e164.zone"

	# +442079460001: only under tree-b; +442079460002: TXT under tree-a;
	# +442079460004: TXT under tree-a, NAPTR under tree-b
	zone_write tree-a.zone tree-a.example <"$DATA/tree-a.records"
	zone_write tree-b.zone tree-b.example <"$DATA/tree-b.records"
	nsd_start "${ZONES[@]}"
}

teardown_file() {
	nsd_stop
}

# q ARG...: enumq_both over every zone of this file
q() {
	enumq_both "${ZONES[@]}" -- "$@"
}

# jqo FILTER: FILTER applied (compact) to the JSON in $output
jqo() {
	jq -c "$1" <<<"$output"
}

# The URIs, in rank order, as a compact JSON array.
uris() {
	jqo '[.uris[].uri]'
}

# reason_of RESULT-OR-REGEXP-PART: the reason of the one record whose result
# or regexp contains the string.
reason_of() {
	jq -r --arg s "$1" '[.records[] | select(((.result // "") + " " + .regexp)
	    | contains($s)) | .reason // "null"] | join(",")' <<<"$output"
}

# --- test vectors -----------------------------------------------------------

@test "vector RFC 6116 4: three URIs in order with their Enumservices" {
	q +441632960083
	assert_equal "$status" 0
	assert_equal "$(jqo '.status')" '"ok"'
	assert_equal "$(jqo '[.uris[] | [.rank, .order, .preference, .enumservices, .uri]]')" \
		'[[1,100,50,["sip"],"sip:+441632960083@example.com"],[2,100,51,["h323"],"h323:operator@example.com"],[3,100,52,["email:mailto"],"mailto:info@example.com"]]'
}

@test "vector RFC 5278 7.3: !(^.*)\$!sip:\\1@example.net! gives sip:+12155550123@example.net" {
	q +1-215-555-0123 -s voicemsg:sip
	assert_equal "$status" 0
	assert_equal "$(jqo '[.uris[] | [.enumservices, .uri]]')" \
		'[[["voicemsg:sip"],"sip:+12155550123@example.net"]]'
}

@test "vector RFC 4769 4.5: E2U+pstn:tel gives tel:+12155550123;npdi" {
	q +1-215-555-0123
	assert_equal "$status" 0
	assert_equal "$(jqo '.uris[0] | [.rank, .enumservices, .uri]')" \
		'[1,["pstn:tel"],"tel:+12155550123;npdi"]'
}

@test "vector RFC 3403 6.2: +1-770-555-1212 is 2.1.2.1.5.5.5.0.7.7.1.e164.arpa, sip+E2U and the i flag" {
	q +1-770-555-1212
	assert_equal "$status" 0
	assert_equal "$(jqo '.domain')" '"2.1.2.1.5.5.5.0.7.7.1.e164.arpa."'
	assert_equal "$(jqo '[.uris[] | [.rank, .order, .enumservices, .uri]]')" \
		'[[1,100,["sip"],"sip:information@foo.se"],[2,102,["smtp"],"mailto:information@foo.se"]]'
}

@test "vector RFC 2916 3.2: +46-8-9761234 is 4.3.2.1.6.7.9.8.6.4.e164.arpa" {
	q +46-8-9761234
	assert_equal "$status" 0
	assert_equal "$(jqo '.domain')" '"4.3.2.1.6.7.9.8.6.4.e164.arpa."'
	assert_equal "$(jqo '.uris[0].uri')" '"sip:paf@swip.net"'
}

@test "vector RFC 3402 3.2: (A(B(C)DE)(F)G) groups number by opening parenthesis" {
	# "+442079" plays ABCDEFG: \1=+442079 \2=4420 \3=4 \4=7
	q +442079460070
	assert_equal "$status" 0
	assert_equal "$(reason_of 'g2=')" null
	assert_equal "$(jqo '.uris[0].uri')" '"sip:+442079460070@example.com;g2=4420;g3=4;g4=7"'
}

@test "vector RFC 3402 3.2: \\9 is the ninth group of a ten-group ERE" {
	q +442079460071
	assert_equal "$status" 0
	assert_equal "$(uris)" '["sip:+442079460@example.com;g=44207946"]'
}

@test "vector RFC 3402 3.2: \\5 beyond the four groups is an error (bad-backref), \\4 is not" {
	q +442079460072
	assert_equal "$status" 0
	assert_equal "$(reason_of 'g5=')" bad-backref
	assert_equal "$(uris)" '["sip:+442079@example.com;g4=7"]'
}

# --- 2. the NAPTR record ----------------------------------------------------

@test "2 RFC 3403 4.1: a record with both REGEXP and REPLACEMENT is ignored (regexp-and-replacement)" {
	q +442079460010
	assert_equal "$status" 0
	assert_equal "$(reason_of both@)" regexp-and-replacement
	assert_equal "$(uris)" '["sip:ok@example.com"]'
}

@test "2 RFC 3403 4.1, RFC 3402 3: every regexp sees the original AUS, not an earlier result" {
	q +44-20-7946-0011
	assert_equal "$status" 0
	assert_equal "$(uris)" '["sip:+442079460011@a.example","sip:orig@b.example"]'
	assert_equal "$(reason_of chained@)" no-match
}

@test "2 RFC 3403 4.1: ORDER and PREFERENCE are 16-bit unsigned (0, 32768, 65535)" {
	q +442079460012
	assert_equal "$(jqo '[.uris[] | [.order, .preference, .uri]]')" \
		'[[0,0,"sip:first@example.com"],[32768,1,"sip:middle@example.com"],[65535,65535,"sip:last@example.com"]]'
}

@test "2 RFC 3403 4.1: FLAGS, SERVICES and REGEXP may hold any byte (NUL) and 255 octets" {
	q +442079460014
	assert_equal "$status" 0
	assert_equal "$(jqo '[.records[] | select(.order == 10) | [.flags, .services, .result, .reason]]')" \
		'[["u","E2U+sip\u0000x",null,"no-enumservice"],["u\u0000","E2U+sip",null,"unknown-flags"],["u","E2U+sip","sip:n\u0000ul@example.com","not-a-uri"]]'
	assert_equal "$(jqo '[.records[] | select(.order == 20) | (.regexp | length), (.result | length)]')" '[255,248]'
	assert_equal "$(jqo '[.uris[] | .order]')" '[20]'
}

@test "2/3 RFC 6116 3.4.2: a terminal record must make its URI from REGEXP; without one it is discarded (no-regexp)" {
	q +442079460013
	assert_equal "$status" 0
	assert_equal "$(jqo '[.records[] | select(.order == 10) | [.replacement, .reason]]')" \
		'[["sip.example.com.","no-regexp"],[".","no-regexp"]]'
	assert_equal "$(uris)" '["sip:ok@example.com"]'
}

# --- 3. flags ---------------------------------------------------------------

@test "3 RFC 3403 4.1: flags are case-insensitive, \"U\" is terminal" {
	q +442079460020
	assert_equal "$status" 0
	assert_equal "$(jqo '.uris[0] | [.flags, .uri]')" '["U","sip:upper@example.com"]'
}

@test "3 RFC 6116 3.4.2: unknown flags s, a, p, z, up are ignored before ordering (unknown-flags)" {
	q +442079460021
	assert_equal "$status" 0
	assert_equal "$(jqo '[.records[] | select(.order == 10) | [.flags, .reason]]')" \
		'[["s","unknown-flags"],["a","unknown-flags"],["p","unknown-flags"],["z","unknown-flags"],["up","unknown-flags"]]'
	assert_equal "$(jqo '[.uris[] | [.rank, .uri]]')" '[[1,"sip:u@example.com"]]'
}

@test "3 RFC 6116 5.2.1: empty flags are followed; the target's URIs take the record's rank, in their own order" {
	q +442079460030
	assert_equal "$status" 0
	assert_equal "$(jqo '[.uris[] | [.rank, .uri]]')" \
		'[[1,"sip:before@example.com"],[2,"sip:o100p10@provider.example"],[3,"h323:o200p10@provider.example"],[4,"sip:o200p20@provider.example"],[5,"sip:after@example.com"]]'
	assert_equal "$(jqo '[.uris[] | .owner] | unique')" \
		'["0.3.0.0.6.4.9.7.0.2.4.4.e164.arpa.","nt30.provider.example."]'
	assert_equal "$(jqo '.records[] | select(.flags == "") | .reason')" null
}

@test "3 RFC 6116 5.2.1: a non-terminal's REGEXP and services are ignored" {
	q +442079460031
	assert_equal "$status" 0
	assert_equal "$(uris)" '["sip:+442079460031@provider.example"]'
	assert_equal "$(reason_of ignored@)" null
}

@test "3/7 RFC 6116 5.2.1: a non-terminal with REPLACEMENT \".\" is discarded (no-replacement)" {
	q +442079460032
	assert_equal "$status" 0
	assert_equal "$(jqo '[.records[] | select(.flags == "") | .reason]')" '["no-replacement"]'
	assert_equal "$(uris)" '["sip:ok@example.com"]'
}

# --- 4. services ------------------------------------------------------------

@test "4 RFC 6116 3.4.3.2, 5.2: one field with several Enumservices offers the URI for each, left to right" {
	q +442079460040
	assert_equal "$status" 0
	assert_equal "$(jqo '[.uris[] | [.enumservices, .uri]]')" \
		'[[["sms:tel","ems:tel","mms:tel"],"tel:+442079460040"]]'
}

@test "4 RFC 6116 3.6: the services field is case-insensitive (\"e2u+SIP\" is E2U+sip)" {
	q +442079460041
	assert_equal "$status" 0
	assert_equal "$(jqo '[.uris[] | [.enumservices, .uri]]')" \
		'[[["sip"],"sip:lower@example.com"],[["voice:tel"],"tel:+442079460041"]]'
}

@test "4 RFC 6116 5.2: a record without the E2U token is skipped without error (not-e2u)" {
	q +442079460042
	assert_equal "$status" 0
	assert_equal "$(reason_of d2u@)" not-e2u
	assert_equal "$(reason_of bare@)" not-e2u
	assert_equal "$(uris)" '["sip:ok@example.com"]'
}

@test "4 RFC 6116 5.2: \"E2U\" twice in one field is not an E2U record (not-e2u)" {
	q +442079460043
	assert_equal "$status" 0
	assert_equal "$(reason_of twice@)" not-e2u
	assert_equal "$(uris)" '["sip:ok@example.com"]'
}

@test "4 RFC 6116 3.4.3.1: \"P-\" private types are dropped, in any case" {
	q +442079460044
	assert_equal "$status" 0
	assert_equal "$(reason_of private@)" no-enumservice
	assert_equal "$(jqo '[.uris[] | [.enumservices, .uri]]')" \
		'[[["sip"],"sip:mixed@example.com"],[["sip"],"sip:ok@example.com"]]'
}

@test "4 RFC 6116 3.4.3, 5.2: unknown Enumservices are usable, malformed ones are not" {
	q +442079460045
	assert_equal "$status" 0
	assert_equal "$(reason_of badtoken@)" no-enumservice
	assert_equal "$(reason_of len33@)" no-enumservice
	assert_equal "$(reason_of emptysub@)" no-enumservice
	assert_equal "$(reason_of none@)" no-enumservice
	assert_equal "$(jqo '[.uris[] | [.enumservices, .uri]]')" \
		'[[["x-foo:bar"],"x-foo:bar@example.com"],[["newsvc"],"sip:newsvc@example.com"],[["abcdefghijklmnopqrstuvwxyz012345"],"sip:len32@example.com"]]'
}

@test "4 RFC 6117 5.2.4: the Enumservice selects a record, not the URI scheme; a scheme sip does not allow is dropped" {
	q +442079460046 -s sip
	assert_equal "$status" 0
	assert_equal "$(reason_of voice@)" filtered
	# E2U+sip with a tel: URI: sip allows sip: and sips: (RFC 3764);
	# tests/24-scheme.bats has the rest
	assert_equal "$(reason_of 'tel:+442079460046')" scheme-mismatch
	assert_equal "$(uris)" '["sips:secure@example.com"]'
}

@test "4 RFC 6116 3.4.3: -s TYPE matches every subtype (voicemsg: voicemsg:sip and voicemsg:tel)" {
	q +442079460050 -s voicemsg
	assert_equal "$status" 0
	assert_equal "$(jqo '[.uris[] | [.enumservices, .uri]]')" \
		'[[["voicemsg:sip"],"sip:vm@example.com"],[["voicemsg:tel"],"tel:+442079460050"]]'
	assert_equal "$(jqo '[.records[] | select(.reason != null) | .reason] | unique')" '["filtered"]'
	assert_equal "$(reason_of vmx@)" filtered
}

@test "4 RFC 6116 3.4.3: -s TYPE:SUBTYPE matches exactly" {
	q +442079460050 -s voicemsg:tel
	assert_equal "$status" 0
	assert_equal "$(uris)" '["tel:+442079460050"]'
	assert_equal "$(reason_of vm@)" filtered
}

@test "4 RFC 6116 3.4.3: -s is repeatable, the union is kept" {
	q +442079460050 -s sip -s voice:tel
	assert_equal "$status" 0
	assert_equal "$(uris)" '["tel:+442079469999","sip:user@example.com"]'
}

@test "4 RFC 6116 3.6: -s takes an E2U+ prefix and is case-insensitive" {
	q +442079460050 -s E2U+SIP
	assert_equal "$status" 0
	assert_equal "$(uris)" '["sip:user@example.com"]'
	q +442079460050 -s VoiceMsg:SIP
	assert_equal "$status" 0
	assert_equal "$(uris)" '["sip:vm@example.com"]'
}

@test "4 RFC 6116 3.4.3.2: a multi-service record is kept when any of its Enumservices matches -s" {
	q +442079460050 -s ems
	assert_equal "$status" 0
	assert_equal "$(uris)" '["tel:+442079469998"]'
	assert_equal "$(jqo '.uris[0].enumservices | index("ems:tel") != null')" true
}

@test "4 RFC 6116 3.4.3: everything filtered out by -s is nodata (exit 1), each record \"filtered\"" {
	q +442079460050 -s im
	assert_equal "$status" 1
	assert_equal "$(jqo '[.status, .rcode, .uris]')" '["nodata","NOERROR",[]]'
	assert_equal "$(jqo '[.records[].reason] | unique')" '["filtered"]'
}

@test "4 RFC 6116 5.2.1: -s does not apply to a non-terminal's services" {
	q +442079460031 -s sip
	assert_equal "$status" 0
	assert_equal "$(uris)" '["sip:+442079460031@provider.example"]'
}

# --- 5. substitution expressions --------------------------------------------

@test "5 RFC 3402 3.2: the delimiter is the first octet: \"/\", \"#\", \"!\", \"0\", 0xFF and an escaped \"\$\" all work" {
	q +442079460060
	assert_equal "$status" 0
	assert_equal "$(uris)" \
		'["sip:442079460060@slash.example","sip:442079460060@hash.example","sip:442079460060@bang.example","sip:zero@example.com","sip:442079460060@high.example","sip:442079460060@dollar.example"]'
}

@test "5 RFC 3402 3.2: a letter delimiter is unescaped before PCRE2 sees it (\"\\x\", \"\\d\")" {
	q +442079460061
	assert_equal "$status" 0
	assert_equal "$(uris)" '["sip:2079460061@example.com","sip:2079460061@domain.example"]'
	# "\d" in the ERE is a literal "d", not a PCRE2 digit class
	assert_equal "$(reason_of pcre-escape@)" no-match
}

@test "5 RFC 3402 3.2: a digit or \"i\" as delimiter is rejected (bad-delimiters)" {
	q +442079460062
	assert_equal "$status" 0
	assert_equal "$(reason_of one@)" bad-delimiters
	assert_equal "$(reason_of itel:)" bad-delimiters
	assert_equal "$(uris)" '["sip:ok@example.com"]'
}

@test "5 RFC 3402 3.2: the delimiter need not be the last octet (\"!...!i\")" {
	q +442079460063
	assert_equal "$status" 0
	assert_equal "$(uris)" '["sip:2079460063@example.com"]'
}

@test "5 RFC 3402 3.2: not exactly three unescaped delimiters is discarded (bad-delimiters)" {
	q +442079460064
	assert_equal "$status" 0
	assert_equal "$(reason_of two@)" bad-delimiters
	assert_equal "$(reason_of four@)" bad-delimiters
	assert_equal "$(reason_of 'x!y@')" bad-delimiters
	assert_equal "$(jqo '.records[] | select(.regexp == "!^.*$") | .reason')" '"bad-delimiters"'
	assert_equal "$(reason_of flag@)" bad-regexp-flags
	assert_equal "$(uris)" '["sip:ok@example.com"]'
}

@test "5 RFC 3402 3.2: escaped delimiter inside the ERE and the replacement" {
	q +442079460065
	assert_equal "$status" 0
	assert_equal "$(uris)" '["sip:442079460065@example.com;x=!","http://example.com/2079460065"]'
}

@test "5 RFC 3402 3.2, POSIX XBD 9.4.3: an open group is discarded (bad-regexp), \"^+44\" as undefined (regexp-undefined)" {
	q +442079460066
	assert_equal "$status" 0
	assert_equal "$(reason_of plus.example)" regexp-undefined
	assert_equal "$(reason_of paren.example)" bad-regexp
	assert_equal "$(uris)" '["sip:ok@example.com"]'
}

@test "5 RFC 3402 3.2, POSIX XBD 9.4.3: RFC 2916's wildcard example with ERE \"^+46\" is discarded (regexp-undefined), nodata" {
	q +46-1-234567
	assert_equal "$status" 1
	assert_equal "$(jqo '[.status, .rcode, [.records[].reason]]')" '["nodata","NOERROR",["regexp-undefined"]]'
	assert_equal "$(jqo '.records[0].owner')" '"7.6.5.4.3.2.1.6.4.e164.arpa."'
}

@test "5 RFC 3402 3.2: a regexp that does not match is skipped, not an error (no-match)" {
	q +442079460067
	assert_equal "$status" 0
	assert_equal "$(reason_of nanp.example)" no-match
	assert_equal "$(uris)" '["sip:2079460067@uk.example"]'
}

@test "5 RFC 3402 3.2: no regexp matching at all is nodata, not an error" {
	q +442079460068
	assert_equal "$status" 1
	assert_equal "$(jqo '[.status, .error, [.records[].reason]]')" '["nodata",null,["no-match","no-match"]]'
}

@test "5 RFC 6116 3.3: a result that is not an absolute URI is discarded (not-a-uri)" {
	q +442079460069
	assert_equal "$status" 0
	assert_equal "$(jqo '[.records[] | select(.order == 10) | [.result, .reason]]')" \
		'[["example.com","not-a-uri"],["+442079460069@example.com","not-a-uri"],["sip:a b@example.com","not-a-uri"],[":nothing@example.com","not-a-uri"]]'
	assert_equal "$(uris)" '["sip:ok@example.com"]'
}

@test "5 RFC 3402 3.2: \\N may be an empty or an unset group" {
	q +442079460070
	assert_equal "$status" 0
	assert_equal "$(uris)" \
		'["sip:+442079460070@example.com;g2=4420;g3=4;g4=7","sip:2079460070@empty.example","sip:2079460070@unset.example;u="]'
}

@test "5 RFC 3402 3.2, enumq: \"\\\\\" in the replacement is one backslash, \"\\q\" stays two characters; neither is a URI (not-a-uri)" {
	q +442079460073
	assert_equal "$status" 0
	assert_equal "$(jqo '[.records[] | select(.order == 10) | [.result, .reason]]')" \
		'[["sip:a\\b@example.com","not-a-uri"],["sip:a\\qb@example.com","not-a-uri"]]'
	assert_equal "$(uris)" '["sip:ok@example.com"]'
}

@test "5 RFC 3402 3.2: the ERE is POSIX extended syntax (bracket class, interval)" {
	q +442079460074
	assert_equal "$status" 0
	assert_equal "$(uris)" '["sip:2079460074@cc44.example"]'
}

# --- 6. ranking -------------------------------------------------------------

@test "6 RFC 3403 4.1: ORDER is the major key, PREFERENCE the minor, lowest first" {
	q +442079460080
	assert_equal "$status" 0
	assert_equal "$(jqo '[.uris[] | [.rank, .uri]]')" \
		'[[1,"sip:o10p20@example.com"],[2,"sip:o10p30@example.com"],[3,"sip:o20p1@example.com"],[4,"sip:o30p0@example.com"]]'
}

@test "6 RFC 3403 4.1: equal ORDER and PREFERENCE keep the order of the DNS answer (stable)" {
	q +442079460081
	assert_equal "$status" 0
	assert_equal "$(jqo '.uris[0].uri')" '"sip:zero@example.com"'
	# the ties come in the order the answer held them (.records is that order) ...
	assert_equal "$(jqo '[.uris[1:][].uri]')" "$(jqo '[.records[] | select(.order == 10) | .result]')"
	# ... which for NSD and the zone file is the file order
	assert_equal "$(jqo '[.uris[1:][].uri]')" \
		'["sip:first@example.com","sip:second@example.com","sip:third@example.com"]'
}

@test "6 RFC 6116 3.5: rank 1 is what a strict DDDS client picks: the first ORDER with a usable record" {
	q +442079460082
	assert_equal "$status" 0
	assert_equal "$(jqo '[.uris[] | [.rank, .order, .preference, .uri]]')" \
		'[[1,20,50,"sip:o20p50@example.com"],[2,30,1,"sip:o30p1@example.com"]]'
	assert_equal "$(jqo '[.records[] | select(.order == 10) | .reason] | sort')" \
		'["not-a-uri","target-nxdomain","unknown-flags"]'
	assert_equal "$(reason_of o20p10@)" no-match
}

@test "6 RFC 6116 5.2: rank 1 may come through a non-terminal ranked before a terminal record" {
	q +442079460083
	assert_equal "$status" 0
	assert_equal "$(jqo '[.uris[] | [.rank, .order, .preference, .uri]]')" \
		'[[1,5,10,"sip:best@provider.example"],[2,5,20,"sip:second@provider.example"],[3,10,20,"sip:direct@example.com"]]'
}

# --- 7. non-terminal chains and loops ---------------------------------------

@test "7 RFC 6116 5.2.1: a chain of 5 non-terminal hops is followed" {
	local hops
	hops=$(limit CHAIN_MAX_HOPS)
	q +442079460090
	assert_equal "$status" 0
	assert_equal "$(uris)" "[\"sip:+442079460090@hop$hops.example\"]"
	assert_equal "$(jqo '.uris[0].owner')" "\"c$hops.provider.example.\""
	assert_equal "$(jqo '[.records[].reason] | unique')" '[null]'
	# the number's record, then one a hop
	assert_equal "$(jqo '.records | length')" "$((hops + 1))"
}

@test "7 RFC 6116 5.2.1: a 6th non-terminal hop is a loop, not queried; other records still serve" {
	local hops
	hops=$(limit CHAIN_MAX_HOPS)
	q +442079460091
	assert_equal "$status" 0
	assert_equal "$(jqo ".records[] | select(.owner == \"d$hops.provider.example.\") | .reason")" '"loop"'
	assert_equal "$(jqo "[.records[] | select(.owner == \"d$((hops + 1)).provider.example.\")] | length")" 0
	assert_equal "$(uris)" '["sip:other@example.com"]'
}

@test "7 RFC 6116 5.2.1: a two-name loop and a self-reference are loops; other records still serve" {
	q +442079460092
	assert_equal "$status" 0
	assert_equal "$(jqo '.records[] | select(.owner == "lb.provider.example.") | .reason')" '"loop"'
	assert_equal "$(jqo '.records[] | select(.replacement == "2.9.0.0.6.4.9.7.0.2.4.4.e164.arpa.") | .reason')" '"loop"'
	# la is queried once, lb once: the loop sends no query
	assert_equal "$(jqo '[.records[] | select(.owner == "la.provider.example.")] | length')" 1
	assert_equal "$(uris)" '["sip:other@example.com"]'
}

@test "7 RFC 6116 5.2.1: a failing target marks its record (target-nxdomain/-nodata/-error), the next record serves" {
	q +442079460094
	assert_equal "$status" 0
	assert_equal "$(jqo '[.records[] | select(.flags == "") | [.replacement, .reason]]')" \
		'[["missing.provider.example.","target-nxdomain"],["txtonly.provider.example.","target-nodata"],["elsewhere.invalid.","target-error"]]'
	assert_equal "$(jqo '[.uris[] | [.rank, .uri]]')" '[[1,"sip:next@example.com"]]'
}

# fan_out_expect: what enumq must report for +442079460093, worked out
# from the limits. 3.9 holds a URI and a non-terminal to fan, fan refers to
# g1-g3, each g to h1-h3, each h to i1-i3, each i to j1-j3, which do not
# exist: 3^4 paths, no loop. enumq follows non-terminals depth first in
# rank order, one query per target, QUERIES_MAX queries in all (the
# number's own included); a record past the last query is query-limit, a
# hop past CHAIN_MAX_HOPS a loop. A target of fan-h-i holds 3 records and
# no URI (target-nodata), a j is target-nxdomain. Prints, as JSON:
# [records, then how many have reason null, query-limit, target-nodata,
# target-nxdomain, loop].
fan_out_expect() {
	local budget hops records=2 null=1 qlimit=0 nodata=0 nxdomain=0 loop=0
	budget=$(($(limit QUERIES_MAX) - 1))
	hops=$(limit CHAIN_MAX_HOPS)
	_fan_follow 1
	echo "[$records,$null,$qlimit,$nodata,$nxdomain,$loop]"
}

# _fan_follow HOP: follow a non-terminal record to a target HOP hops from
# the number's name (1 fan, 2 g, 3 h, 4 i, 5 j).
_fan_follow() {
	local hop=$1 _
	if ((hop > hops)); then
		loop=$((loop + 1))
	elif ((budget == 0)); then
		qlimit=$((qlimit + 1))
	elif ((hop == 5)); then
		budget=$((budget - 1)) nxdomain=$((nxdomain + 1))
	else
		budget=$((budget - 1)) nodata=$((nodata + 1)) records=$((records + 3))
		for _ in 1 2 3; do
			_fan_follow $((hop + 1))
		done
	fi
}

# shellcheck disable=SC2016 # a jq program, not shell
@test "7 RFC 6116 5.2.1: a fan-out of non-terminals is bounded (query-limit); other records still serve" {
	q +442079460093
	assert_equal "$status" 0
	assert_equal "$(uris)" '["sip:other@example.com"]'
	local want
	want=$(fan_out_expect)
	# the fan-out must need more than QUERIES_MAX queries, or this
	# proves nothing
	assert_equal "$(jq '.[2] > 0' <<<"$want")" true
	assert_equal "$(jqo '.records | [length] +
		[(null, "query-limit", "target-nodata", "target-nxdomain", "loop") as $r |
		 map(select(.reason == $r)) | length]')" "$want"
}

# --- 8. what a DNS answer means ---------------------------------------------

@test "8 RFC 5346 4.1: RCODE 0 with a usable URI is ok (exit 0)" {
	q +442079460067
	assert_equal "$status" 0
	assert_equal "$(jqo '[.status, .rcode, .error, (.uris | length > 0)]')" '["ok","NOERROR",null,true]'
}

@test "8 RFC 5346 4.1: a TXT-only name is nodata (exit 1)" {
	q +442079460095
	assert_equal "$status" 1
	assert_equal "$(jqo '[.status, .rcode, .uris, .records]')" '["nodata","NOERROR",[],[]]'
}

@test "8 RFC 5346 4.1: only unusable NAPTRs is nodata (exit 1)" {
	q +442079460096
	assert_equal "$status" 1
	assert_equal "$(jqo '[.status, .rcode, .uris, [.records[].reason]]')" \
		'["nodata","NOERROR",[],["no-match","unknown-flags","not-e2u"]]'
}

@test "8 RFC 5346 4.1: an empty non-terminal name is nodata (exit 1)" {
	q +4420794600
	assert_equal "$status" 1
	assert_equal "$(jqo '[.domain, .status, .rcode]')" '["0.0.6.4.9.7.0.2.4.4.e164.arpa.","nodata","NOERROR"]'
}

@test "8 RFC 5346 4.1: RCODE 3 is nxdomain (exit 2)" {
	q +442079460097
	assert_equal "$status" 2
	assert_equal "$(jqo '[.status, .rcode, .error, .uris, .records]')" '["nxdomain","NXDOMAIN",null,[],[]]'
}

@test "8 RFC 5346 4.2: REFUSED for a name outside every zone is error (exit 3)" {
	q +442079460010 -t outside.invalid
	assert_equal "$status" 3
	assert_equal "$(jqo '[.status, .rcode, .tree]')" '["error","REFUSED","outside.invalid."]'
	assert_equal "$(jqo '.error | test("REFUSED")')" true
}

@test "8 enumq: with several numbers each gets its object, the exit is the largest" {
	q +442079460067 +442079460097 +442079460095
	assert_equal "$status" 2
	assert_equal "$(jq -sc '[.[].status]' <<<"$output")" '["ok","nxdomain","nodata"]'
}

@test "8 RFC 3824 6.2: a returned tel: URI is not looked up again" {
	q +46-8-9761234
	assert_equal "$status" 0
	assert_equal "$(jqo '[.uris[] | [.rank, .enumservices, .uri]]')" \
		'[[1,["sip"],"sip:paf@swip.net"],[2,["mailto"],"mailto:paf@swip.net"],[3,["tel"],"tel:+4689761234"]]'
	assert_equal "$(jqo '[.records[].owner] | unique')" '["4.3.2.1.6.7.9.8.6.4.e164.arpa."]'
}

@test "8 RFC 4694, RFC 4759: tel: URIs with ;rn= ;cic= ;npdi ;enumdi are returned as written" {
	q +442079460076
	assert_equal "$status" 0
	assert_equal "$(uris)" \
		'["tel:+442079460076;rn=+442079469999;npdi","tel:+442079460076;cic=+44123","tel:+442079460076;enumdi"]'
}

@test "8 RFC 6116 3.4.1: a CNAME at the ENUM name to the NAPTR owner is followed (same zone)" {
	q +442079460098
	assert_equal "$status" 0
	assert_equal "$(jqo '.domain')" '"8.9.0.0.6.4.9.7.0.2.4.4.e164.arpa."'
	assert_equal "$(jqo '.uris[0] | [.uri, .owner]')" \
		'["sip:+442079460098@cname.example","0.0.1.0.6.4.9.7.0.2.4.4.e164.arpa."]'
}

@test "8 RFC 6116 3.4.1: a CNAME into another zone is followed" {
	q +442079460099
	assert_equal "$status" 0
	assert_equal "$(jqo '.uris[0] | [.uri, .owner]')" \
		'["sip:+442079460099@other-zone.example","cname99.provider.example."]'
}

@test "1/8 RFC 5527 5: a DNAME at the infrastructure \"i\" label is followed (-I)" {
	q -I +44-20-7946-0123
	assert_equal "$status" 0
	assert_equal "$(jqo '.domain')" '"3.2.1.0.6.4.9.7.0.2.i.4.4.e164.arpa."'
	assert_equal "$(jqo '.uris[0] | [.uri, .owner]')" \
		'["sip:+442079460123@infrastructure.example","3.2.1.0.6.4.9.7.0.2.4.4.e164.arpa."]'
}

@test "8 RFC 5346 4.1: --tree falls back: nxdomain in the first tree, ok in the second is ok" {
	q +442079460001 -t tree-a.example -t tree-b.example
	assert_equal "$status" 0
	assert_equal "$(jqo '[.status, .tree, .domain]')" \
		'["ok","tree-b.example.","1.0.0.0.6.4.9.7.0.2.4.4.tree-b.example."]'
	assert_equal "$(jqo '[.trees[] | [.tree, .status, .rcode]]')" \
		'[["tree-a.example.","nxdomain","NXDOMAIN"],["tree-b.example.","ok","NOERROR"]]'
	assert_equal "$(uris)" '["sip:+442079460001@tree-b.example"]'
	q +442079460004 -t outside.invalid -t tree-a.example -t tree-b.example
	assert_equal "$status" 0
	assert_equal "$(jqo '[.status, .tree, [.trees[] | .status]]')" \
		'["ok","tree-b.example.",["error","nodata","ok"]]'
	# the first tree that gives a URI ends the search
	q +442079460004 -t tree-b.example -t tree-a.example
	assert_equal "$status" 0
	assert_equal "$(jqo '[.trees[] | [.tree, .status]]')" '[["tree-b.example.","ok"]]'
}

@test "8 RFC 5346 4.1: --tree with no ok tree reports the most specific: nodata before nxdomain before error" {
	q +442079460002 -t outside.invalid -t tree-b.example -t tree-a.example
	assert_equal "$status" 1
	assert_equal "$(jqo '[.status, .tree, .rcode]')" '["nodata","tree-a.example.","NOERROR"]'
	assert_equal "$(jqo '[.trees[] | .status]')" '["error","nxdomain","nodata"]'
	q +442079460002 -t tree-a.example -t tree-b.example
	assert_equal "$status" 1
	assert_equal "$(jqo '[.status, .tree]')" '["nodata","tree-a.example."]'
	q +442079460003 -t outside.invalid -t tree-a.example
	assert_equal "$status" 2
	assert_equal "$(jqo '[.status, .tree, .rcode]')" '["nxdomain","tree-a.example.","NXDOMAIN"]'
	q +442079460003 -t outside.invalid -t elsewhere.invalid
	assert_equal "$status" 3
	assert_equal "$(jqo '[.status, [.trees[].status]]')" '["error",["error","error"]]'
}
