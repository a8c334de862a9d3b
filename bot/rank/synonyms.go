package rank

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// The words people ask with, bridged to the words the sources use:
// synonyms, the forms of irregular verbs, and phrases read as one word.

// synonyms bridges the words people ask with to the words news reports
// use, so that "who launched the drones" finds "drones were flown". Each
// key is a word of a question; its value is added to the question.
var synonyms = map[string]string{
	"launch": "flown carried out", "launched": "flown carried out",
	"intel": "intelligence", "admin": "administration", "govt": "government", "gov": "government",
	"order": "authorised", "ordered": "authorised", "authorize": "authorised", "authorized": "authorised", "approve": "authorised", "approved": "authorised",
	"worried": "concerned unnerved", "worry": "concerned unnerved", "worries": "concerned unnerved", "fear": "concerned unnerved", "fears": "concerned unnerved", "afraid": "concerned unnerved", "feel": "concerned unnerved",
	"spread": "expanding beyond", "wider": "expanding beyond", "widen": "expanding beyond", "escalate": "expanding retaliatory escalation", "escalation": "expanding retaliatory",
	"confirm": "validate", "confirmed": "validate", "verify": "validate", "verified": "validate", "prove": "validate evidence", "proof": "validate evidence",
	"story": "accusation claim", "fake": "staged false flag authenticity", "staged": "false flag", "hoax": "staged false flag",
	"real": "authenticity", "genuine": "authenticity", "authentic": "authenticity", "legit": "authenticity",
	"blow": "exploding", "blew": "exploding", "explode": "exploding", "exploded": "exploding", "explosion": "exploding",
	"kill": "elimination assassination", "killed": "killing assassination", "assassinate": "assassination elimination", "murder": "killing assassination", "murdered": "killing assassination",
	"footage": "video", "clip": "video footage", "filmed": "footage captured", "film": "footage captured", "recorded": "footage captured",
	"usa": "United States", "america": "United States", "americans": "America",
	"nyt":        "New York Times",
	"ukrainians": "Ukraine", "russians": "Russia",
	"responsible": "carried out involvement", "involved": "involvement", "behind": "carried out masterminded involvement responsible",
	"helped": "assisted involvement enable encourage", "help": "assisted involvement enable encourage", "support": "assisted enable encourage", "supported": "assisted enable encourage", "aided": "assisted enable",
	"reaction": "said", "react": "said dismissed doubt", "reacted": "said dismissed doubt", "respond": "dismissed said retaliatory", "responded": "dismissed said",
	"sure": "confidence", "certain": "confidence", "confident": "confidence",
	"linked": "connection", "connected": "connection", "tied": "connection", "ties": "connection",
	"knew": "aware", "aware": "aware unaware",
	"figure": "conclusions", "figured": "conclusions", "conclude": "conclusions", "concluded": "conclusions",
	"expect": "waiting guess", "expecting": "waiting guess", "expected": "waiting guess",
	"past": "through", "penetrate": "through", "defense": "defence", "defenses": "defences",
	"conference": "briefing", "presser": "briefing",
	"post": "wrote", "posted": "wrote", "tweeted": "wrote twitter",
	"hit": "attacked strike damage", "strike": "attacked", "struck": "attacked",
	"tweet": "twitter", "act": "operate", "acting": "operating", "acted": "operated",
	"stage": "staging false flag", "public": "released", "release": "released",
	"destroyed": "damage", "destroy": "damage", "damaged": "damage",
	"uav": "drone", "uavs": "drones", "nervous": "concerned unnerved", "delay": "waited hours", "delayed": "waited hours",
	"version": "account said", "spokesperson": "spokesman", "forces": "units military",
	"expert": "analyst academic", "experts": "analysts academic", "share": "posted released", "shared": "posted released", "first": "initially",
	"spy": "intelligence", "spies": "intelligence", "start": "beginning initially",
	"quiet": "silent", "silence": "silent", "telegram": "social media",
	"skeptical": "doubt", "sceptical": "doubt skeptical", "doubted": "skeptical doubt",
	"deliberate": "meant", "intentional": "meant", "intended": "meant", "purpose": "meant",
	"1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight", "9": "nine", "10": "ten",
}

// synonym is a word's synonyms: those of the word itself, or of another
// form of it ("feeling" has those of "feel").
func (r Ranker) synonym(w string) (string, bool) {
	if s, ok := synonyms[w]; ok {
		return s, true
	}
	// Which synonyms are names depends on the base's people, so the
	// table is the base's, not the process's: a reload may bring others.
	f := r.facts()
	f.synonymsOnce.Do(func() {
		f.synonymsByTerm = map[string]string{}
		for k, v := range synonyms {
			// A name stands only for the very word ("Ukrainians" is
			// Ukraine, "Ukrainian units" are not).
			if ts := r.b.Terms(k); len(ts) == 1 && !unicode.IsDigit(rune(k[0])) && len(r.b.Mentioned(v)) == 0 {
				f.synonymsByTerm[ts[0]] = strings.TrimSpace(f.synonymsByTerm[ts[0]] + " " + v)
			}
		}
	})
	if ts := r.b.Terms(w); len(ts) == 1 {
		s, ok := f.synonymsByTerm[ts[0]]
		return s, ok
	}
	return "", false
}

var (
	reverseOnce sync.Once
	// reverse maps a term to the terms whose synonyms hold it.
	reverse map[string][]string
)

// irregular are the forms of verbs the stemmer does not join ("took
// place" is "taken place", "drones flew" is "were flown").
var irregular = [][]string{
	{"take", "took", "taken"}, {"fly", "flew", "flown"}, {"begin", "began", "begun"},
	{"see", "saw", "seen"}, {"give", "gave", "given"}, {"write", "wrote", "written"},
	{"speak", "spoke", "spoken"}, {"shoot", "shot"}, {"strike", "struck"}, {"come", "came"},
	{"bring", "brought"}, {"catch", "caught"}, {"fight", "fought"}, {"hold", "held"},
	{"lead", "led"}, {"leave", "left"}, {"lose", "lost"}, {"meet", "met"}, {"send", "sent"},
	{"shake", "shook", "shaken"}, {"break", "broke", "broken"}, {"choose", "chose", "chosen"},
	{"drive", "drove", "driven"}, {"hide", "hid", "hidden"}, {"rise", "rose", "risen"},
	{"steal", "stole", "stolen"}, {"throw", "threw", "thrown"}, {"wake", "woke", "woken"},
}

func init() {
	for _, forms := range irregular {
		for _, f := range forms {
			var others []string
			for _, o := range forms {
				if o != f {
					others = append(others, o)
				}
			}
			if s, ok := synonyms[f]; ok {
				others = append(others, s)
			}
			synonyms[f] = strings.Join(others, " ")
		}
	}
}

// phrases are runs of words that mean another word, which their words
// alone would misread: "did Zelensky know" asks whether he was aware
// ("what do we know" does not), "the White House" is Washington.
var phrases = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(?i)\bright (before|after|now|away|then)\b`), "$1"},
	{regexp.MustCompile(`(?i)\b(did|does|do|was|is|were) ([\pL ]{1,30}?) (know|knew)\b`), "$1 $2 aware"},
	{regexp.MustCompile(`(?i)\b(find|found|figure|figured) out\b`), "conclusions"},
	{regexp.MustCompile(`(?i)\bpress conference\b`), "briefing"},
	{regexp.MustCompile(`(?i)\bwhite house\b`), "Washington"},
	{regexp.MustCompile(`(?i)\b(come|came|comes) out\b`), "published"},
	{regexp.MustCompile(`(?i)\bmade (it |them )?public\b`), "released"},
	{regexp.MustCompile(`(?i)\b(put|puts|putting) out\b`), "released"},
	{regexp.MustCompile(`(?i)\b(happens?|comes?|follows?) (after|next)\b`), "precedes"},
	{regexp.MustCompile(`(?i)\bon purpose\b`), "meant"},
	{regexp.MustCompile(`(?i)\b(on|by) (its|their|his|her) own\b`), "independently"},
	{regexp.MustCompile(`(?i)\b(\d{1,2})(st|nd|rd|th)\b`), "$1"},
}

// wordForms are the other forms a word may take: its singular, its
// stem without a past or -ing ending ("spies": "spy", "tied": "tie").
func wordForms(w string) []string {
	var out []string
	for _, e := range []struct{ end, with string }{
		{"ies", "y"}, {"ied", "y"}, {"es", ""}, {"s", ""}, {"ed", ""}, {"d", ""}, {"ing", ""}, {"ing", "e"},
	} {
		if stem, ok := strings.CutSuffix(w, e.end); ok && len(stem) >= 2 {
			out = append(out, stem+e.with)
		}
	}
	return out
}
