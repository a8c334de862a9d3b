package rank

import (
	"slices"
	"strings"
	"testing"

	"github.com/aaaton/golem/v4"
	"github.com/aaaton/golem/v4/dicts/en"

	"github.com/incidentbot/incidentbot/internal/corpus"
	"github.com/incidentbot/incidentbot/knowledge"
)

// loadBase loads a base of testdata.
func loadBase(t *testing.T, name string) *knowledge.Base {
	t.Helper()
	// The bases built from corpus articles are kept as templates of
	// offsets into them (see internal/corpus), never as the articles' text.
	b, err := knowledge.Load(name, corpus.RenderFile(t, "testdata/"+name+".tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// setBases loads the bases of held-out sets of internal/corpus that the
// ranking was tuned on (docs/ranking.md, "Measuring"), by name.
func setBases(t *testing.T, names ...string) map[string]*knowledge.Base {
	t.Helper()
	out := map[string]*knowledge.Base{}
	for _, s := range corpus.Sets(t) {
		if slices.Contains(names, s.Name) {
			b, err := knowledge.LoadFile(s.Base)
			if err != nil {
				t.Fatal(err)
			}
			out[s.Name] = b
		}
	}
	for _, n := range names {
		if out[n] == nil {
			t.Fatalf("no set %s", n)
		}
	}
	return out
}

// lead is what would lead the answer to a question, "" if the base has
// nothing on it.
func lead(r Ranker, q string) string {
	qu := r.Analyse(q)
	if !r.InScope(qu) {
		return ""
	}
	if hs := r.Answers(qu); len(hs) > 0 {
		return hs[0].Text
	}
	return ""
}

// TestLeads checks what leads on bases of four incidents, for questions
// put in plain English: a typo of a long word, another form of a word,
// a word English relates to the sources' (died: killed), a count of the
// incident's own rather than a running total, a speaker's own words (or
// their spokesman's, or their company chief's; whom they blame), what a
// group holds now rather than what it held initially, the reply to a
// question put to someone rather than the question, a reason, a name
// asked for, what may come for what will come of something, and the
// people it names in its order (who did what to whom).
func TestLeads(t *testing.T) {
	bases := map[string]*knowledge.Base{"default": defaultBase(t), "market": loadBase(t, "market.yaml"), "hearings": loadBase(t, "hearings.yaml"), "whitehouse": loadBase(t, "whitehouse.yaml")}
	sets := setBases(t, "kyiv-strike-2024", "assange-sweden-2019", "settlements-2019", "factcheckuk-2019", "gmail-china-block-2014", "omar-threat-plea-2019", "taliban-hostage-swap-2019", "al-tanf-rukban-2019")
	bases["kyiv"], bases["assange"], bases["settlements"], bases["factcheck"] = sets["kyiv-strike-2024"], sets["assange-sweden-2019"], sets["settlements-2019"], sets["factcheckuk-2019"]
	bases["gmail"], bases["omar"], bases["taliban"], bases["tanf"] = sets["gmail-china-block-2014"], sets["omar-threat-plea-2019"], sets["taliban-hostage-swap-2019"], sets["al-tanf-rukban-2019"]
	for _, tt := range []struct{ base, q, want string }{
		{"default", "drons", "drone"},
		{"default", "who was behind the attak", "carried out"},
		{"default", "who does peskov blame", "Peskov claimed that Washington"},                             // his own words, not another's that name him
		{"default", "which ukrainian unit was it exactly", "which Ukrainian government officials or unit"}, // says which, or that no one knows which
		{"default", "the americans helped ukraine with the drones?", "did not “encourage or enable”"},      // a statement asked is a yes or no
		{"default", "retaliation?", "It added that"},                                                       // a quote cut from a sentence leads in its sentence
		{"default", "so who do the americans think actually did it", "may have been carried out"},          // what they hold now, not initially
		{"market", "How many people died in the market strike?", "leaving at least 17 dead and 32 wounded"},
		{"market", "How many people were killed and wounded in the Kostiantynivka market strike?", "leaving at least 17 dead and 32 wounded"},
		{"market", "how many civilians have been killed since the invasion", "9,511 civilians"},
		{"market", "What did Podolyak say about the New York Times report?", "legal truth will be established"},
		{"hearings", "Did Volker fix the Giuliani problem?", "That's correct"},
		{"kyiv", "what did scholz say", "Scholz urged Putin"},                                                                                                    // another's sentence that names him is not his
		{"kyiv", "what did the DTEK boss say", "Severe damage"},                                                                                                  // the company's chief, by a word English relates to his alias
		{"kyiv", "What did Russia's defence ministry say it was targeting?", "energy facilities"},                                                                // a possessive is no typo
		{"kyiv", "why does sybiha think russia attacked now", "true response"},                                                                                   // a reason across a quotation's mark
		{"assange", "why did assange hide in the embassy in the first place", "his fear of being extradited"},                                                    // an idiom is no topic
		{"settlements", "why did the US change its position on the settlements?", "attempt to change"},                                                           // why they did, not what they said
		{"default", "whats the name of the analyst at rand", "Dara Massicot"},                                                                                    // a name beside what is asked the name of
		{"assange", "What sentence could Assange face if convicted in the US?", "could face decades in jail"},                                                    // "he" is the one the sentence before names
		{"settlements", "What effect do analysts expect the decision to have?", "further embolden"},                                                              // what they expect is what they say
		{"assange", "Why was Assange not released from Belmarsh in September?", "history of absconding"},                                                         // the reason the entry cites next ("due to be released" is none)
		{"factcheck", "Does the Electoral Commission have the power to regulate what campaigns post?", "a role in regulating"},                                   // a denial answers a yes or no
		{"default", "what did the officials who spoke to the newspaper say about which unit carried out the drone attack and when", "may have been carried out"}, // what is said of them is no role
		{"gmail", "who reported the gmial block", "GreatFire.org"},
		{"gmail", "why does greatfire think the government blocked gmail?", "trying to further eliminate"},    // an aim is a reason
		{"omar", "how much could Carlineo have to pay?", "$250,000"},                                          // what may come is answered by what may come
		{"omar", "who investigated the threat?", "FBI"},                                                       // "worked with the FBI to investigate" is what was done
		{"omar", "how old is carlineo", "Carlineo Jr., 55"},                                                   // a measure his role gives
		{"omar", "who threatened to kill ilhan omar?", "pleaded guilty"},                                      // the incident, whose title holds her role
		{"taliban", "when were they kidnapped?", "August 2016"},                                               // a synonym WordNet has seen in no text ("abducted")
		{"taliban", "who were the two hostages?", "Kevin King"},                                               // who they are is their name
		{"taliban", "what did the hostages say in the videos?", "being treated well"},                         // their words, not what was done with them
		{"taliban", "when were the hostges released", "released Tuesday"},                                     // the event that names each of the two is about them both
		{"kyiv", "kyiv strike death toll", "killed at least seven people"},                                    // a toll is a count; the incident's, not an earlier strike's (tagged background)
		{"tanf", "what's the berm", "also known as the Berm"},                                                 // background says what something is
		{"tanf", "how many american troops are still at al tanf", "Some 200 U.S. military personnel"},         // the figure the incident's summary gives
		{"assange", "where did the alleged assaults take place", "conference in Stockholm"},                   // "take place" is "happen": "place" is no word of what is asked
		{"omar", "where did omar publish her letter", "posted on Twitter"},                                    // a channel, not the letter asked about
		{"kyiv", "what weapons did poland say russia used", "cruise missiles, ballistic missiles and drones"}, // its own words, though the base never says "weapons"
		{"kyiv", "what does the russian defense ministry say it was hitting", "energy facilities"},            // "hit": "struck", a synonym one way
		{"tanf", "how many ppl live in the rukban camp", "around 40,000"},                                     // "live": "populate", a third sense
		{"kyiv", "What did the head of DTEK say about the damage?", "Severe damage"},                          // "head": "chief", a fourth sense
		{"taliban", "did the US thank the afghan government", "We thank the Afghan government"},               // "thank" is no courtesy here
		{"assange", "What does the BBC's Caroline Hawley think comes next for Assange?", "has barely begun"},
		{"gmail", "what did google say about the outage", "nothing wrong on our end"},                                                 // its spokesman's words, not an event it is in
		{"tanf", "when did trump announce the troop withdrawl from syria", "announcement last month"},                                 // when, not their words
		{"whitehouse", "what did the white house say about bribery", "nothing President Trump has done or said amounts to ‘bribery’"}, // its press secretary's words
		{"gmail", "how will the gmail block affect companies in china", "difficult for companies operating in China"},                 // what may come, not what a spokeswoman said of it
		{"kyiv", "what did the german chancelor ask putin to do", "Scholz urged Putin to pull his troops"},                            // who asked whom: not "Putin, ... Scholz, who called him"
		{"factcheck", "what did the tories rename their twitter account to during the debate?", "factcheckUK"},
		{"kyiv", "what did DTEK say about the damage", "Severe damage"}, // the company's words, not an event it is in that names it
	} {
		if got := lead(For(bases[tt.base]), tt.q); !strings.Contains(got, tt.want) {
			t.Errorf("%s: lead of %q = %q; want it to hold %q", tt.base, tt.q, got, tt.want)
		}
	}
}

// TestNotInScope checks that a word known to the base only through a
// kind of it ("population": "people"), a typo of a short word, a
// speaker, a count or a pick the base does not know, or a
// person's life that the base knows only as their role ("Pulitzer Prize
// winner"), does not make the base answer; a role word the base says of
// more than that person ("envoy to Ukraine", in a story about Ukraine)
// still does. Someone's own words asked for are not their ministry's, and
// "what's" asks "what is".
func TestNotInScope(t *testing.T) {
	r := For(defaultBase(t))
	for _, q := range []string{"population of belgorod", "weather in moscow today", "how much is a ticket for a kremlin tour", "dron", "what did hersh win his pulitzer for",
		"what did peskov's nephew say", "What did the Dutch foreign ministry say about the attack", // someone of theirs, or a ministry, the base does not know
		"how much did the drones cost", "which helicopter launched the drones", // what a count or a "which" asks for, unknown to the base
		"how many questions did reporters ask peskov", // a count no passage gives
	} {
		if got := lead(r, q); got != "" {
			t.Errorf("lead of %q = %q; want nothing", q, got)
		}
	}
	// When something took place that the base never says took place, a
	// count that only a year would answer, and a pick of a kind the base
	// never names.
	gmail := For(setBases(t, "gmail-china-block-2014")["gmail-china-block-2014"])
	for _, q := range []string{"when was Gmail restored in China?", "how many Gmail users are there in China?",
		"which VPN providers have been blocked in China?", // no passage names a provider ("providing" is another word)
		"what did microsoft say about the block",          // a name the base writes only as a maker of software, no one's, typed in lower case
	} {
		if lead(gmail, q) != "" {
			t.Errorf("lead of %q is an answer; want nothing", q)
		}
	}
	if lead(gmail, "what did google say about the block") == "" {
		t.Error("google's words refused; want them")
	}
	// Only a name alone is taken as one: a role it qualifies is someone
	// the base may know by the role.
	kyiv := For(setBases(t, "kyiv-strike-2024")["kyiv-strike-2024"])
	if q := "what did the ukrainian foreign minister say about the attack"; lead(kyiv, q) == "" {
		t.Errorf("%q refused; want an answer", q)
	}
	// A country the base names only in another form, as a place
	// ("the Ecuadorean embassy").
	if got := lead(For(setBases(t, "assange-sweden-2019")["assange-sweden-2019"]), "what did ecuador say about the case"); got != "" {
		t.Errorf("lead of what ecuador said = %q; want nothing", got)
	}
	// The words of someone the base names only as a place, and a count
	// that only "both" (of something else) would answer.
	taliban := For(setBases(t, "taliban-hostage-swap-2019")["taliban-hostage-swap-2019"])
	for _, q := range []string{"what did the Qatari government say about the swap?", "how many US troops are still in Afghanistan?"} {
		if lead(taliban, q) != "" {
			t.Errorf("lead of %q is an answer; want nothing", q)
		}
	}
	// Asked for someone's own words, their government's ministry's are
	// not theirs.
	tanf := For(setBases(t, "al-tanf-rukban-2019")["al-tanf-rukban-2019"])
	for q, want := range map[string]bool{"what did Assad himself say about Rukban?": false, "what did Assad say about Rukban?": true} {
		qu := tanf.Analyse(q)
		if got := slices.ContainsFunc(qu.Speakers(), func(p *knowledge.Person) bool { return tanf.Quoted(qu, p.ID) }); len(qu.Speakers()) == 0 || got != want {
			t.Errorf("%q: speakers %v quoted = %v; want %v", q, qu.Speakers(), got, want)
		}
	}
	// "What's" asks what is: a measure the base has no word for.
	assange := For(setBases(t, "assange-sweden-2019")["assange-sweden-2019"])
	if got := lead(assange, "what's the maximum sentence for rape in sweden"); got != "" {
		t.Errorf("lead of the maximum sentence = %q; want nothing", got)
	}
	if got := lead(tanf, "what's the berm"); got == "" {
		t.Errorf("lead of %q = nothing; want an answer", "what's the berm")
	}
	if got := lead(For(loadBase(t, "hearings.yaml")), "what did volker do in ukraine"); got == "" {
		t.Errorf("lead of %q = nothing; want an answer", "what did volker do in ukraine")
	}
	// What "what was X" asks about ends with its clause: "keep", after
	// it, is no word of X; and what it was called after something is
	// what came later, not what was during it.
	q := "What was the Conservative press office account called after the debate, and did it keep the factcheckUK name?"
	if got := lead(For(setBases(t, "factcheckuk-2019")["factcheckuk-2019"]), q); !strings.Contains(got, "later reverted") {
		t.Errorf("lead of %q = %q; want what it was called later", q, got)
	}
}

// TestNotTakenPlace checks that what a question asks took place is not
// answered by a passage that has it only to come: an infinitive ("battle
// to win", "ask the court to open") or after a modal ("would cause long
// blackouts"), nor one with no word of it; that a name asked for is
// not answered by a passage that names no one ("a woman"); and that
// when something to come will take place is not answered by the date
// of an entry that only says it is to come.
func TestNotTakenPlace(t *testing.T) {
	sets := setBases(t, "kyiv-strike-2024", "factcheckuk-2019", "settlements-2019", "assange-sweden-2019", "omar-threat-plea-2019")
	for _, tt := range []struct{ set, q string }{
		{"omar-threat-plea-2019", "what sentence did the judge give carlineo"}, // the summary has the sentencing scheduled
		{"factcheckuk-2019", "who won the election in the end?"},
		{"settlements-2019", "did the ICC actually open the investigation erekat asked for?"},
		{"kyiv-strike-2024", "how long did the blackouts last in kyiv?"},
		{"settlements-2019", "did the security council end up voting on a resolution against the US decision?"}, // no word of voting
		{"assange-sweden-2019", "whats the name of the woman who accused him"},                                  // "a woman", named nowhere
		{"settlements-2019", "when will the UN security council debate on this happen"},                         // the call for it is dated, the debate not
		{"assange-sweden-2019", "when was assange extradited to the US"},                                        // sought, scheduled, avoided; never done
	} {
		if got := lead(For(sets[tt.set]), tt.q); got != "" {
			t.Errorf("%s: lead of %q = %q; want nothing", tt.set, tt.q, got)
		}
	}
	// What is planned answers when it will be, though not when it was.
	if got := lead(For(sets["assange-sweden-2019"]), "when is the extradition hearing"); !strings.Contains(got, "scheduled to take place") {
		t.Errorf("lead of when the hearing is = %q; want the sentence that schedules it", got)
	}
	if got := lead(For(sets["omar-threat-plea-2019"]), "when is his sentencing"); !strings.Contains(got, "scheduled for Feb. 14") {
		t.Errorf("lead of when the sentencing is = %q; want the sentence that schedules it", got)
	}
	// What was failed is what was done: "failing to answer" answers
	// whether they answered.
	if got := lead(For(sets["factcheckuk-2019"]), "did starmer really not answer the brexit question?"); !strings.Contains(got, "responded quickly") {
		t.Errorf("lead of the question whether he answered = %q; want the sentence that says he did", got)
	}
}

// TestNotTheKindAsked checks that a question asking for the very day
// ("when exactly") is not answered by an entry dated only by its year
// nor by a sentence that names no day, that "when" is not answered by
// an entry dated across years ("at one point" in three years), and that
// one asking how long is not answered by a sentence with no length of
// time, while a length answers "how long"; and that whether something
// took place after the incident is answered only by a passage that
// tells something as following, how much of money only by a number,
// and the most something may come to ("max prison time") only by a
// limit ("up to ten years").
func TestNotTheKindAsked(t *testing.T) {
	sets := setBases(t, "al-tanf-rukban-2019", "kyiv-strike-2024", "assange-sweden-2019", "taliban-hostage-swap-2019", "factcheckuk-2019", "omar-threat-plea-2019")
	for _, tt := range []struct{ set, q, want string }{
		{"taliban-hostage-swap-2019", "when did the rescue mission fail", ""},
		{"taliban-hostage-swap-2019", "did the peace talks begin after this", ""}, // hope for talks, nothing that followed
		{"taliban-hostage-swap-2019", "was anas haqqani released after that", "hours after"},
		{"factcheckuk-2019", "how much did the parties spend on ads", ""}, // "much of their campaign spending", no sum
		{"omar-threat-plea-2019", "how much could he have to pay", "$250,000"},
		{"al-tanf-rukban-2019", "when exactly did jordan shut the border", ""},
		{"kyiv-strike-2024", "how long did the power cuts in odesa last", ""},
		{"assange-sweden-2019", "how long was he jailed for skipping bail", "50 weeks"},
		{"assange-sweden-2019", "max sentence assange got for skipping bail", ""}, // a sentence passed is no limit
		{"assange-sweden-2019", "max prison term he faces in the US", "prison term of up to"},
		{"omar-threat-plea-2019", "maximum prison time carlineo faces", "up to 10 years in prison"},
	} {
		got := lead(For(sets[tt.set]), tt.q)
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("%s: lead of %q = %q; want %q", tt.set, tt.q, got, tt.want)
		}
	}
}

// TestDoerUnknown checks that "who" and a verb the base holds in no
// form is not answered by who did something else in what the question
// is about, while a phrasal verb ("signed off"), which means more than
// its verb, is still answered by the base's word for it ("approved").
func TestDoerUnknown(t *testing.T) {
	sets := setBases(t, "factcheckuk-2019", "assange-sweden-2019")
	if got := lead(For(sets["factcheckuk-2019"]), "who moderated the johnson corbyn debate"); got != "" {
		t.Errorf("lead of who moderated = %q; want nothing (the base names no moderator)", got)
	}
	if got := lead(For(sets["assange-sweden-2019"]), "who signed off on the US extradition request in the UK"); !strings.Contains(got, "formally approved") {
		t.Errorf("lead of who signed off = %q; want the sentence of who approved it", got)
	}
	// A word after "who" that is no inflected verb asks of no verb (a
	// question read from Russian: "кто стоит за атакой").
	if got := lead(For(defaultBase(t)), "who behind attack on the Kremlin?"); got == "" {
		t.Error("who behind the attack was refused; want an answer")
	}
}

// TestWords checks what the ranking reads a question's words as on the
// default base: another form of a word the base holds (the lemmatizer),
// the base's words English relates to it (the thesaurus), a typo of a
// long word, and the base's phrases.
func TestWords(t *testing.T) {
	r := For(defaultBase(t))
	if got := r.formsOf("flew"); !slices.Contains(got, "flown") {
		t.Errorf("formsOf(flew) = %q; want it to hold flown", got)
	}
	if close, _ := r.relatedOf("died"); !slices.Contains(close, "killing") {
		t.Errorf("relatedOf(died) = %q; want it to hold killing", close)
	}
	// An irregular form is another word: "best" finds "better", but
	// not "well", whose form "better" is too.
	if close, _ := r.relatedOf("best"); slices.Contains(close, "well") {
		t.Errorf("relatedOf(best) = %q; want it not to hold well", close)
	}
	for in, want := range map[string]string{
		"drons":                    "drones",
		"who was behind the attak": "who was behind the attack",
		"price":                    "price", // English, though one letter from the base's "prize"
		"attak?":                   "attack?",
	} {
		if got := r.spell(in); got != want {
			t.Errorf("spell(%q) = %q; want %q", in, got, want)
		}
	}
	// A word the search drops is no typo, though a base holds "three".
	q := "how many are there"
	if got := For(setBases(t, "settlements-2019")["settlements-2019"]).spell(q); got != q {
		t.Errorf("spell(%q) = %q on a base that holds three; want it as it is", q, got)
	}
	// Thanks at the end is courtesy (TestLeads: "did the US thank ..."
	// asks something).
	if got := r.Analyse("who was behind the attack, thanks!").terms; slices.Contains(got, "thank") {
		t.Errorf("terms of a question ending in thanks = %q; want no thank", got)
	}
	if got := r.rewritePhrases("what did the White House say"); got != "what did the Washington say" {
		t.Errorf("rewritePhrases = %q; want the base's phrase read as what it means", got)
	}
}

// TestSaysNotQuoted checks BySpeaker, which an answer to "what did X
// say" reads to say that X's words are not quoted when they do not lead.
func TestSaysNotQuoted(t *testing.T) {
	r := For(loadBase(t, "market.yaml"))
	qu := r.Analyse("what did goldsmith say about the missile")
	hs := r.Answers(qu)
	if len(qu.Speakers()) != 1 || len(hs) == 0 || !r.BySpeaker(qu, hs[0]) {
		t.Fatalf("what did goldsmith say: speakers %v, lead %v; want one speaker and his words first", qu.Speakers(), hs)
	}
	qu = r.Analyse("what did goldsmith say about the death toll")
	if hs := r.Answers(qu); len(hs) > 0 && r.BySpeaker(qu, hs[0]) {
		t.Errorf("what did goldsmith say about the death toll: lead %q is his; want another's, which he is not quoted on", hs[0].Text)
	}
}

// FuzzAnalyse reads arbitrary questions: whatever they hold, reading one
// keeps its words (a typo is read as one word, never dropped or split),
// and every passage that may lead is verbatim text of the base.
func FuzzAnalyse(f *testing.F) {
	for _, q := range []string{"drons", "who was behind the attak", "how many people died", "did X fix the problem?", "white house", "3rd", "a\xffb attak", "", "?"} {
		f.Add(q)
	}
	r := For(defaultBase(f))
	f.Fuzz(func(t *testing.T, q string) {
		if in, out := len(strings.Fields(q)), len(strings.Fields(r.spell(q))); in != out {
			t.Errorf("spell(%q) has %d words; want %d", q, out, in)
		}
		qu := r.Analyse(q)
		r.InScope(qu)
		for _, h := range r.Answers(qu) {
			if h.Text == "" {
				t.Errorf("%q: a passage with no words", q)
			}
		}
	})
}

// BenchmarkLemmatizer measures loading golem's English dictionary, which
// the first question a process reads pays.
func BenchmarkLemmatizer(b *testing.B) {
	for b.Loop() {
		if _, err := golem.New(en.New()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAnswered checks questions the base answers though a rule of scope
// or form could read them as ones it cannot: the verb said of someone
// it knows, which it holds ("how did the minister defend it", of a word
// it does not hold); "when" that opens a clause, and a pronoun that says
// who spoke, so that the people named are whom they spoke to; and a
// question whether someone said something, whose verb is "say", not a
// word of what was said; a general word the base says in a narrower one
// ("weapons": "missiles"); and "want", which asks what someone holds as
// "think" does.
func TestAnswered(t *testing.T) {
	sets := setBases(t, "factcheckuk-2019", "omar-threat-plea-2019", "gmail-china-block-2014", "kyiv-strike-2024")
	for _, tt := range []struct{ set, q, want string }{
		{"factcheckuk-2019", "how did dominic raab defend the stunt", "clearly linked"},                         // "defend" is held, "stunt" not
		{"omar-threat-plea-2019", "what did he tell the police when they approached him", "he supported Trump"}, // not "when", nor the police's words
		{"gmail-china-block-2014", "did google say the problem was on their side?", "nothing wrong on our end"}, // "problem", unknown, is no verb
		{"kyiv-strike-2024", "what weapons did russia use", "120 missiles and 90 drones"},                       // weapons: missiles
		{"omar-threat-plea-2019", "does omar want a harsh sentence", "a severe sentence would be helpful"},      // what she wants is what she holds
	} {
		if got := lead(For(sets[tt.set]), tt.q); !strings.Contains(got, tt.want) {
			t.Errorf("%s: lead of %q = %q; want it to hold %q", tt.set, tt.q, got, tt.want)
		}
	}
	if q := "what did he tell the police when they approached him"; For(sets["omar-threat-plea-2019"]).Analyse(q).Speakers() != nil {
		t.Errorf("%q asks for the words of the police; want no one named as its speaker", q)
	}
	for q, want := range map[string]bool{
		"when did it end": true, "since when have they been blocked": true, "who approved it, and when?": true, "what day was it": true,
		"what did he tell the police when they approached him": false, "what did they say when asked": false,
	} {
		if got := asksWhen(q); got != want {
			t.Errorf("asksWhen(%q) = %v; want %v", q, got, want)
		}
	}
}

// TestSpeakerLeadsOnce checks that the passage "what did X say" moves to
// the front is the one that leads, once, and that every other passage
// is shown once: the move once read the passage after it, which then
// showed twice, and lost the one meant to lead.
func TestSpeakerLeadsOnce(t *testing.T) {
	r := For(setBases(t, "kyiv-strike-2024")["kyiv-strike-2024"])
	qu := r.Analyse("what did DTEK say about the damage")
	hs := r.Answers(qu)
	if len(hs) == 0 {
		t.Fatal("no answer; want DTEK's words")
	}
	if !r.BySpeaker(qu, hs[0]) || !strings.Contains(hs[0].Text, "Severe damage") {
		t.Errorf("answer leads with %q; want DTEK's words", hs[0].Text)
	}
	seen := map[knowledge.PassageHit]bool{}
	for _, h := range hs {
		if seen[h.PassageHit] {
			t.Errorf("%q is shown twice", h.Text)
		}
		seen[h.PassageHit] = true
	}
}
