# contrib/enumq.bash -- bash completion for enumq(1).
# Installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/enumq; works without the
# bash-completion package too (`. contrib/enumq.bash`).
# tests/70-completion.bats checks that it offers every option --help lists.

# The registered Enumservices (IANA, as of 2022-01-28), for -s.
_enumq_services='acct email:mailto ems:mailto ems:tel fax:tel ft:ftp h323 iax ical-access:http ical-access:https ical-sched:mailto ifax:mailto im mms:mailto mms:tel pres pstn:sip pstn:tel sip sms:mailto sms:tel unifmsg:http unifmsg:https unifmsg:sip unifmsg:sips vcard videomsg:http videomsg:https videomsg:sip videomsg:sips voice:tel voicemsg:http voicemsg:https voicemsg:sip voicemsg:sips voicemsg:tel vpim:ldap vpim:mailto web:http web:https xmpp'

_enumq() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()
	case $prev in
	-o | --output)
		mapfile -t COMPREPLY < <(compgen -W 'text json shell' -- "$cur")
		return ;;
	-s | --service)
		mapfile -t COMPREPLY < <(compgen -W "$_enumq_services" -- "$cur")
		return ;;
	-f | --file | -z | --zone-file | --resolv-conf | --expect | --routes)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return ;;
	-c | --concurrency | -p | --port | --rate | --retries | -S | --server | \
	    --timeout | -t | --tree | --host-server)
		return ;;	# a value of the user's own
	esac
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W '
			-1 -4 -6 --first -c --concurrency --expect -f --file -h --help
			--host-server -I --infrastructure -j --json --lint --list -n --name
			-o --output -p --port -q --quiet --rate --resolv-conf
			--retries -R --route --routes -S --server
			-s --service --stats -T --tcp --timeout -t --tree
			-V --version
			-v --verbose -z --zone-file' -- "$cur")
	fi
}
complete -o filenames -F _enumq enumq
