# Sourced by tests/cli/site_*.sh (after lib.sh): a store for the site tests
# on the real statements/, with adoptions at two conventions, a rejection,
# a withdrawal, a pending amendment, a secondary amendment
# adopted into its primary and a pending one, and both conventions closed with their
# signed tags. Every amendment is illustrative and says so in its text.
site_store() {
	secretary_store "$T/store" --adopted-on 1977-06-01 --convention founding
	check "propose 1" C propose workers-power --title "Name the example (illustrative amendment A)" \
		--insert "(illustrative amendment A)" --after "no control over its production and distribution." \
		--rationale "An illustrative amendment for the test suite." --seconded-by "Delegate Two <two@example.org>"
	check "propose 2" C propose workers-power --title "Rank and file (illustrative amendment B)" \
		--strike "rank-and-file workers must" --insert "rank-and-file members (illustrative amendment B) must"
	check "propose strike-f" C propose workers-power --id strike-f --title "Strike a phrase (illustrative amendment F)" \
		--strike "the capitalist system cannot" --insert "the capitalist system (illustrative amendment F) cannot"
	check "propose party-g" C propose the-revolutionary-party --id party-g --title "Party (illustrative amendment G)" \
		--insert "(illustrative amendment G)" --after "We aim to build"
	check "propose pending-h" C propose socialism-not-capitalism --id pending-h --title "Pending (illustrative amendment H)" \
		--insert "(illustrative amendment H)" --after "We stand in the Marxist tradition,"
	check "adopt 1" C adopt 1 --convention 2013-convention --date 2013-04-05 --vote 120-3-1
	check "reject strike-f" C reject strike-f --convention 2013-convention --date 2013-04-06 --vote 10-80-2
	check "withdraw party-g" C withdraw party-g --convention 2013-convention --date 2013-04-06
	check "close 2013" C convention close 2013-convention --date 2013-04-07
	check "propose 2.1 (amends 2)" C propose workers-power --to 2 --id 2.1 \
		--title "Amend B (illustrative secondary amendment B1)" \
		--strike "members (illustrative amendment B)" --insert "members (illustrative amendment B, as amended by B1)"
	check "adopt 2.1 into 2" C adopt 2.1 --convention 2015-convention --date 2015-05-01 --vote 90-5-0
	check "propose pending-h.1 (amends pending-h)" C propose socialism-not-capitalism --to pending-h \
		--title "Amend H (illustrative secondary amendment H1)" \
		--strike "(illustrative amendment H)" --insert "(illustrative amendment H, amended by H1)"
	check "adopt 2" C adopt 2 --convention 2015-convention --date 2015-05-01 --vote 99-0-0
	check "close 2015" C convention close 2015-convention --date 2015-05-02
}
