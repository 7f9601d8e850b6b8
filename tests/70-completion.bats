#!/usr/bin/env bats
# Shell completion (contrib/enumq.bash, contrib/_enumq): every option that
# `enumq --help` lists is offered, formats after -o, the registered
# Enumservices (RFC 6117, IANA's registry) after -s, files after -f and -z.

load helper
bats_require_minimum_version 1.5.0

setup() {
	# shellcheck source=contrib/enumq.bash
	. "$BATS_TEST_DIRNAME/../contrib/enumq.bash"
}

# complete WORD...: what _enumq offers for the last word of `enumq WORD...`,
# one a line, sorted.
complete_words() {
	COMP_WORDS=(enumq "$@")
	COMP_CWORD=$#
	_enumq
	printf '%s\n' "${COMPREPLY[@]}" | sort
}

# The options `enumq --help` lists, short and long, sorted; fails unless
# there are some.
help_options() {
	local opts
	opts=$(enumq --help | grep -oE '(^|[ ,])--?[A-Za-z0-9][-A-Za-z0-9]*' |
		tr -d ' ,' | sort -u)
	[[ $(wc -l <<<"$opts") -ge 20 ]] || return 1
	printf '%s\n' "$opts"
}

@test "completion: bash offers exactly the options enumq --help lists" {
	run --separate-stderr help_options
	assert_success
	local want=$output
	run complete_words -
	assert_success
	assert_equal "$(grep -- '^-' <<<"$output")" "$want"
}

@test "completion: bash offers text, json and shell after -o and --output" {
	run complete_words -o ''
	assert_output $'json\nshell\ntext'
	run complete_words --output s
	assert_output 'shell'
	# and enumq takes each of them
	local f
	for f in $(complete_words -o ''); do
		run --separate-stderr enumq -o "$f" \
			-z "$BATS_TEST_DIRNAME/../examples/example.zone" +441632960083
		assert_success
		assert_line --index 0 --partial '441632960083'
	done
}

@test "completion: bash offers the registered Enumservices after -s (RFC 6117, IANA registry)" {
	run complete_words -s voicemsg
	assert_output $'voicemsg:http\nvoicemsg:https\nvoicemsg:sip\nvoicemsg:sips\nvoicemsg:tel'
	run complete_words --service si
	assert_output 'sip'
	# each offered spec is one enumq takes
	local spec
	for spec in $_enumq_services; do
		run --separate-stderr enumq -n -s "$spec" +441632960083
		assert_success
		assert_output '3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.'
	done
}

@test "completion: bash offers files after -f and -z, nothing after a value option" {
	echo +441632960083 >"$BATS_TEST_TMPDIR/numbers.txt"
	touch "$BATS_TEST_TMPDIR/uk.zone"
	run complete_words -z "$BATS_TEST_TMPDIR/uk"
	assert_output "$BATS_TEST_TMPDIR/uk.zone"
	run complete_words --file "$BATS_TEST_TMPDIR/num"
	assert_output "$BATS_TEST_TMPDIR/numbers.txt"
	# the file offered is the one enumq reads
	run --separate-stderr enumq -n --file "$output"
	assert_success
	assert_output '3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.'
	run complete_words --timeout ''
	assert_output ''
}

@test "completion: the zsh function is #compdef enumq and names every long option --help lists" {
	local zsh=$BATS_TEST_DIRNAME/../contrib/_enumq opt
	run head -n 1 "$zsh"
	assert_output '#compdef enumq'
	run --separate-stderr help_options
	assert_success
	for opt in $(grep -- '^--' <<<"$output"); do
		grep -qF -- "$opt" "$zsh" || fail "contrib/_enumq lacks $opt"
	done
}
