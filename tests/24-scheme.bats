#!/usr/bin/env bats
# 24-scheme: an Enumservice allows the URI schemes its IANA registration
# names (RFC 6117 5.2.4; sip: sip and sips, RFC 3764; TYPE:SUBTYPE names
# its scheme, RFC 6118). With -s, a URI whose scheme the Enumservice does
# not allow is dropped (reason scheme-mismatch); without, it is kept and
# flagged (JSON: scheme_mismatch; -v: the records list). The registry is
# src/enumservices.tsv, carried as src/enumservices.c; the last tests
# drive enumq through every registration of it.
# Lookups answer from zone files (-z), records in tests/data/24-scheme/.

# $stderr comes from run --separate-stderr; the jq programs hold $names.
# shellcheck disable=SC2154,SC2016

bats_require_minimum_version 1.5.0

load helper

DATA=$BATS_TEST_DIRNAME/data/24-scheme
TSV=$BATS_TEST_DIRNAME/../src/enumservices.tsv

setup_file() {
	zone_write uk.zone 4.4.e164.arpa <"$DATA/uk.records"
}

setup() {
	ZONE=$BATS_FILE_TMPDIR/uk.zone
}

# j ARG...: enumq -j -z $ZONE ARG...
j() {
	enumq -j -z "$ZONE" "$@"
}

# --- with a filter: only the schemes the Enumservice allows ------------------

@test "filter RFC 6117 5.2.4: -s sip drops mailto: under E2U+sip: nodata, reason scheme-mismatch" {
	run --separate-stderr j -s sip +441632960001
	assert_failure 1
	json_is '.status == "nodata" and .uris == [] and
		[.records[] | [.result, .reason]] ==
		[["mailto:oops@example.com", "scheme-mismatch"]]'
	assert_equal "$stderr" ''
	run --separate-stderr enumq -1 -s sip -z "$ZONE" +441632960001
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" ''
}

@test "filter RFC 3764 4: -s sip keeps sip: and sips: (either case), drops mailto: and tel:" {
	run --separate-stderr j -s sip +441632960002
	assert_success
	json_is '[.uris[] | [.rank, .uri]] ==
		[[1, "SIPS:secure@example.com"], [2, "sip:user@example.com"]] and
		[.records[] | .reason] ==
		["scheme-mismatch", null, null, "scheme-mismatch"]'
	assert_equal "$stderr" ''
	# rank 1 is what a strict client asking for sip uses
	run --separate-stderr enumq -1 -s sip -z "$ZONE" +441632960002
	assert_success
	assert_output 'SIPS:secure@example.com'
	assert_equal "$stderr" ''
}

@test "filter RFC 5278 4: -s voicemsg: each TYPE:SUBTYPE allows the scheme it names" {
	run --separate-stderr j -s voicemsg +441632960003
	assert_success
	json_is '[.uris[] | [.enumservices, .uri]] ==
		[[["voicemsg:tel"], "tel:+441632960003"],
		 [["voicemsg:sips"], "sips:vm@example.com"]] and
		[.records[] | .reason] ==
		["scheme-mismatch", null, null, "scheme-mismatch"]'
	assert_equal "$stderr" ''
}

@test "filter RFC 6116 3.4.3.2: a URI for two Enumservices is kept for the one whose scheme it has" {
	run --separate-stderr j -s fax -s ifax +441632960004
	assert_success
	json_is '[.uris[] | [.enumservices, .uri, .scheme_mismatch]] ==
		[[["fax:tel"], "tel:+441632960004", []]]'
	assert_equal "$stderr" ''
	run --separate-stderr j -s ifax +441632960004
	assert_failure 1
	json_is '.status == "nodata" and [.records[].reason] == ["scheme-mismatch"]'
	assert_equal "$stderr" ''
	run --separate-stderr enumq -o shell -s fax -s ifax -z "$ZONE" +441632960004
	assert_success
	assert_output '+441632960004	ok	1	10	10	fax:tel	tel:+441632960004'
	assert_equal "$stderr" ''
}

@test "filter RFC 6117 5.2.4: an unregistered Enumservice has no scheme rule" {
	# x-foo, web (only web:http and web:https are registered), sip:foo
	run --separate-stderr j -s x-foo -s web -s sip +441632960005
	assert_success
	json_is '[.uris[] | [.enumservices, .uri]] ==
		[[["x-foo"], "mailto:x@example.com"], [["web"], "ftp://example.com/"],
		 [["sip:foo"], "mailto:y@example.com"]] and
		[.records[] | .reason] == [null, null, null, "filtered"]'
	assert_equal "$stderr" ''
	# a registered one does: email:mailto is not for sip:
	run --separate-stderr j -s email +441632960005
	assert_failure 1
	json_is '[.records[] | .reason] ==
		["filtered", "filtered", "filtered", "scheme-mismatch"]'
	assert_equal "$stderr" ''
}

# --- without a filter: kept, and flagged -----------------------------------

@test "no filter RFC 6117 5.2.4: a URI whose scheme its Enumservice does not allow is kept, flagged in JSON" {
	run --separate-stderr j +441632960002 +441632960004 +441632960005
	assert_success
	json_lines 3 '[.[] | [.uris[] | [.rank, .uri, .scheme_mismatch]]] == [
		[[1, "mailto:oops@example.com", ["sip"]], [2, "SIPS:secure@example.com", []],
		 [3, "sip:user@example.com", []], [4, "tel:+441632960002", ["sip"]]],
		[[1, "tel:+441632960004", ["ifax:mailto"]]],
		[[1, "mailto:x@example.com", []], [2, "ftp://example.com/", []],
		 [3, "mailto:y@example.com", []], [4, "sip:nope@example.com", ["email:mailto"]]]]
		and all(.[].records[]; .reason == null)'
	assert_equal "$stderr" ''
}

@test "no filter: -v names the mismatch on the record, in the list and the trace; without -v the text is as before" {
	run --separate-stderr enumq -v -z "$ZONE" +441632960004
	assert_success
	assert_output --partial '
  records
    4.0.0.0.6.9.2.3.6.1.4.4.e164.arpa. NAPTR 10 10 "u" "E2U+fax:tel+ifax:mailto" "!^.*$!tel:+441632960004!" . -> tel:+441632960004 (scheme-mismatch: ifax:mailto)'
	# the trace shows records where stdout does not (shell)
	run --separate-stderr enumq -o shell -v -z "$ZONE" +441632960004
	assert_success
	[[ $stderr == *';; +441632960004: 4.0.0.0.6.9.2.3.6.1.4.4.e164.arpa. NAPTR 10 10 "u" "E2U+fax:tel+ifax:mailto" "!^.*$!tel:+441632960004!" . -> tel:+441632960004 (scheme-mismatch: ifax:mailto)'* ]] ||
		fail "the trace does not flag the record: $stderr"
	run --separate-stderr enumq -z "$ZONE" +441632960004
	assert_success
	assert_equal "${lines[*]:1}" '  fax:tel     1  tel:+441632960004  (order 10 pref 10)   ifax:mailto     1  tel:+441632960004  (order 10 pref 10)'
	refute_output --partial mismatch
	assert_equal "$stderr" ''
	run --separate-stderr enumq -o shell -z "$ZONE" +441632960004
	assert_success
	assert_output '+441632960004	ok	1	10	10	fax:tel	tel:+441632960004
+441632960004	ok	1	10	10	ifax:mailto	tel:+441632960004'
	assert_equal "$stderr" ''
}

# --- every registration of IANA's registry ------------------------------------

# registry_zone FILE: for registration N (line N + 2 of the tsv) the
# number +4420794610NN, with one record per scheme it allows (ORDER 10,
# PREFERENCE 10, 20, ...) and last one with the scheme x-not-allowed.
registry_zone() {
	awk -F '\t' 'NR > 2 {
		n = NR - 3
		es = $2 == "" ? $1 : $1 ":" $2
		owner = sprintf("%d.%d.0.1.6.4.9.7.0.2", n % 10, int(n / 10))
		k = split($3, s, ",")
		for (i = 1; i <= k + 1; i++)
			printf "%s NAPTR 10 %d \"u\" \"E2U+%s\" \"!^.*$!%s:r%d@example.com!\" .\n",
			    owner, i * 10, es, i <= k ? s[i] : "x-not-allowed", n
	}' "$TSV" | zone_write "$1" 4.4.e164.arpa
}

@test "registry: every registered Enumservice allows exactly the schemes src/enumservices.tsv names (RFC 6117 5.2.4)" {
	local n
	n=$(($(wc -l <"$TSV") - 2))
	((n >= 41)) || fail "the registry has $n registrations"
	registry_zone reg.zone
	run --separate-stderr enumq -j -z "$BATS_FILE_TMPDIR/reg.zone" \
		-f <(for ((i = 0; i < n; i++)); do printf '+4420794610%02d\n' "$i"; done)
	assert_success
	assert_equal "$stderr" ''
	# the URIs of each number: every allowed scheme unflagged, the other
	# flagged with the registration's name
	json_lines "$n" --rawfile tsv "$TSV" '
		[$tsv | split("\n")[2:][] | select(. != "") | split("\t")
		 | (if .[1] == "" then .[0] else .[0] + ":" + .[1] end) as $es
		 | [(.[2] | split(",")[] | [., []]), ["x-not-allowed", [$es]]]]
		as $want
		| [.[] | [.uris[] | [(.uri | split(":")[0]), .scheme_mismatch]]] == $want'
}

@test "registry: with -s, each registration keeps its schemes and drops the other (RFC 6117 5.2.4)" {
	local n row es schemes
	n=$(($(wc -l <"$TSV") - 2))
	registry_zone reg.zone
	row=0
	# (tabs are IFS white space, which read would fold: '|' instead)
	while IFS='|' read -r type subtype schemes _; do
		es=$type${subtype:+:$subtype}
		run --separate-stderr enumq -j -s "$es" -z "$BATS_FILE_TMPDIR/reg.zone" \
			"$(printf '+4420794610%02d' "$row")"
		assert_success
		json_is --arg es "$es" --arg schemes "$schemes" '
			[.uris[] | [(.uri | split(":")[0]), .enumservices]] ==
			[$schemes | split(",")[] | [., [$es]]] and
			.records[-1].reason == "scheme-mismatch"'
		assert_equal "$stderr" ''
		row=$((row + 1))
	done < <(tail -n +3 "$TSV" | tr '\t' '|')
	assert_equal "$row" "$n"
}

@test "registry: make check-enumservices fails when src/enumservices.c and the tsv disagree" {
	local top=$BATS_TEST_DIRNAME/.. dir=$BATS_TEST_TMPDIR/reg
	mkdir -p "$dir/src"
	cp "$top/Makefile" "$dir/"
	cp "$top"/src/enumservices.{awk,c,tsv} "$dir/src/"
	run make -s -C "$dir" check-enumservices
	assert_success
	assert_output ''
	# a registration's schemes changed in the registry, not in the table
	sed -i 's/^\(voice\ttel\t\)tel\t/\1tel,sip\t/' "$dir/src/enumservices.tsv"
	run make -s -C "$dir" check-enumservices
	assert_failure
	assert_output --partial '+	{ "voice", "tel", "tel,sip", "COMMON", "RFC4415,RFC6118" },'
	assert_output --partial 'src/enumservices.c differs from src/enumservices.tsv: make enumservices'
	# make enumservices writes the table again, and then they agree
	run make -s -C "$dir" enumservices
	assert_success
	run make -s -C "$dir" check-enumservices
	assert_success
	# a line the generator does not understand fails it, naming the line
	printf 'bad\tline\n' >>"$dir/src/enumservices.tsv"
	run make -s -C "$dir" enumservices
	assert_failure
	assert_output --partial 'enumservices.tsv:44: want 6 fields, got 2'
}
