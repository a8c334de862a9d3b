package draft

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

// An invented article with the ways of naming people that drafting must
// not get wrong: a role in an apposition, "the outlet", "both X and Y",
// a correction, a denial and a word in quotation marks.
const naming = `Jane Roe, managing editor at the Example Gazette, said the dam had failed without warning.

John Smith, a local engineer, said the cracks were visible in March.

The Example Herald reported that the dam failed on Monday. The outlet reported that engineers “had warned for years about the cracks in the wall.”

Both Roe and Smith said they were shocked by the failure.

Roe later denied that the company had ignored the warnings.

A local official told the newspaper that the dam had been inspected in May.

Smith said the owners “objected” to the repairs.

“An earlier version of this article misstated the height of the dam,” the correction reads.

“The spillway is being repaired,” said Water Board spokeswoman Ana Ruiz.

“The work will take a month,” said Water Board deputy spokesman Lee Park.

The dam had been on a watch list for years, said Floodwatch.org, a monitoring group.

An Example Tribune report said the spillway had been cracked for months.
`

func TestDraftPeople(t *testing.T) {
	d := draftAlone(t, naming, Meta{SourceID: "dam", Title: "Dam", Name: "dam.txt", Published: "2024-05-08"})
	people := map[string]knowledge.Person{}
	for _, p := range d.People {
		people[p.ID] = p
		if strings.Contains(p.Name, "(unnamed)") && (strings.Contains(strings.ToLower(p.Name), "outlet") || strings.Contains(strings.ToLower(p.Name), "correction") || strings.Contains(strings.ToLower(p.Name), "report")) {
			t.Errorf("new person %q named after a common noun", p.Name)
		}
	}
	if r := people["jane-roe"].Role; r != "managing editor at the Example Gazette" {
		t.Errorf("jane-roe's role = %q; want the apposition at her first mention", r)
	}
	if r := people["john-smith"].Role; r != "local engineer" {
		t.Errorf("john-smith's role = %q; want the apposition at his first mention", r)
	}
	// A spokesperson goes by the institution they speak for too, once
	// no one else does.
	if a := people["ana-ruiz"].Aliases; !slices.Equal(a, []string{"Ruiz", "Water Board", "WB"}) {
		t.Errorf("ana-ruiz's aliases = %q; want her last name and the institution her role says she speaks for, and its initials", a)
	}
	if a := people["lee-park"].Aliases; !slices.Equal(a, []string{"Park"}) {
		t.Errorf("lee-park's aliases = %q; want only the last name, the institution being another's alias already", a)
	}
	if a := people["floodwatch-org"].Aliases; !slices.Equal(a, []string{"Floodwatch"}) {
		t.Errorf("floodwatch-org's aliases = %q; want the name without its web ending", a)
	}
	bySpeaker := map[string][]knowledge.Quote{}
	for _, q := range d.Quotes {
		bySpeaker[q.Speaker] = append(bySpeaker[q.Speaker], q)
	}
	var warned, shockedRoe, shockedSmith, denied, relayed, tribune bool
	for _, q := range d.Quotes {
		switch {
		case strings.Contains(q.Text, "had warned for years"):
			warned = q.Speaker == "example-herald"
		case strings.Contains(q.Text, "shocked"):
			shockedRoe = shockedRoe || q.Speaker == "jane-roe"
			shockedSmith = shockedSmith || q.Speaker == "john-smith"
		case strings.Contains(q.Text, "had been inspected"):
			relayed = strings.Join(q.Via, ",") == "Example Herald"
		case strings.Contains(q.Text, "cracked for months"):
			tribune = q.Speaker == "example-tribune"
		case strings.Contains(q.Text, "ignored the warnings"):
			denied = q.Kind == knowledge.Paraphrase && strings.HasPrefix(q.Text, "denied that ")
		}
		if q.Kind == knowledge.Direct && len(strings.Fields(q.Text)) < minDirectWords {
			for _, p := range d.Quotes {
				if p.Kind == knowledge.Paraphrase && p.Citations[0].Excerpt == q.Citations[0].Excerpt {
					t.Errorf("a direct quote %q of under %d words beside a paraphrase of the same sentence", q.Text, minDirectWords)
				}
			}
		}
	}
	if !warned {
		t.Errorf("“the outlet reported” not credited to the outlet named before it (example-herald):\n%s", d.YAML())
	}
	for _, q := range d.Quotes {
		if strings.Contains(q.Text, "objected") && q.Speaker != "john-smith" {
			t.Errorf("Smith's words %q credited to %s", q.Text, q.Speaker)
		}
	}
	if !shockedRoe || !shockedSmith {
		t.Errorf("“Both Roe and Smith said”: want one quote each, for jane-roe and john-smith:\n%s", d.YAML())
	}
	if !tribune {
		t.Errorf("“An Example Tribune report said”: want the outlet by its name (example-tribune):\n%s", d.YAML())
	}
	if !relayed {
		t.Errorf("“told the newspaper”: want the outlet named before as via:\n%s", d.YAML())
	}
	if !denied {
		t.Errorf("the paraphrase of a denial does not keep “denied”:\n%s", d.YAML())
	}
	if len(d.Held) != 1 || !strings.Contains(d.Held[0], "the correction") || !strings.Contains(string(d.YAML()), "# review:   direct: \"An earlier version") {
		t.Errorf("the correction's words: held %q; want them held for review, as a comment", d.Held)
	}
	merged := d.Merge(knowledge.DefaultData())
	if _, ps := knowledge.Parse("merged.yaml", merged); len(ps) > 0 {
		t.Fatalf("merged draft does not validate:\n%v", ps)
	}
}

func TestPositive(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"her client did not intend to cause harm", "her client did intend to cause harm"},
		{"he wasn't concerned about the call", "he was concerned about the call"},
		{"the force does not possess such systems", "the force does possess such systems"},
		{"they had never met", "they had met"},
		{"he had no knowledge of any efforts", "he had knowledge of any efforts"},
		{"the call was routine", "the call was routine"},
		{"there's nothing wrong on our end", "there's something wrong on our end"},
		{"we had nothing to do with it", "we had something to do with it"},
		{"Not the council nor its engineers are to blame", "the council or its engineers are to blame"},
		{"Neither the owners nor the board knew of the cracks", "the owners or the board knew of the cracks"},
	} {
		if got := positive(c.in); got != c.want {
			t.Errorf("positive(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

// An invented article for the stances drafting reads from how a sentence
// is built, and for the article's own words.
const stances = `Foreign Minister Jane Roe said the agency could not verify the report and that the figures should be treated with care.

Outside experts cast doubt on Roe's claim that the pumps had been serviced in March.

Western intelligence was skeptical of the account from the beginning.

The National Water Board said the dam failed on Monday.

Why the owners might have staged a false-flag inspection is unclear to everyone here.

The river rose by two metres overnight, flooding the lower town.

Mary Major, a site engineer, inspected the wall in April.

Roe and Major said that the repairs had been approved by the council.

The council said the pumps had failed. Their cause is still under investigation.

The report also said that some engineers believe the wall was too thin.

“If the rain goes on, the lower town could become an island,” said Roe.

“There is nothing in the survey to support the idea of sabotage,” said Mary Major.

Local engineers warned that the second dam was in the same state.

Interior Department expressed concern over the state of the repairs.

President Lee blamed the owners for the cracks.

The spillway was cracked, as found by the board in May.

The second dam was old, which perhaps found little notice.

“We have no money to support the second dam,” said Mary Major.

“I can tell you that the board did not inspect the spillway before the flood,” said Roe.

“Although the pumps have not been replaced, the wall will hold,” said Roe.

The Northern and Southern water boards accused the owners of neglect.

The Riverton Council, the Hill Trust and their allies blamed the owners for the flood.

“The gates were not opened that night,” a local reporter's source inside the board said.

“Not the board nor any of its contractors are hiding the report,” the mayor's aide said.

“The wall was sound before the flood,” both engineers and residents of the town said.

Several owners blamed the council for the delay but Mary Major told the inquiry that the delay was hers.

Mary Major accused the owners of hiding the cracks and misleading the inquiry.

Mary Major called the second inquiry a sham. The board called for calm.

The Harbour Council denied that the gates had been left open.

Inspectors have also found cracks in the spillway of the second dam, where the inspectors of the board had seen none.

Board spokeswoman Ana Ruiz said she did not know anything about the spillway being cracked, adding that the board would inspect the spillway.

Example Wire:

Western officials were also quick to cast doubt over the board's account of the repairs. Questions have also been asked as to why the board waited so long to announce the cracks.
`

func TestDraftStances(t *testing.T) {
	d := draftAlone(t, stances, Meta{SourceID: "dam", Title: "Dam", Name: "dam.txt", Published: "2024-05-08", Outlet: "Example Gazette"})
	names := map[string]knowledge.Person{}
	for _, p := range d.People {
		names[p.ID] = p
	}
	got := map[string]bool{}
	for _, c := range d.Claims {
		for _, p := range c.Positions {
			got[names[p.Actor].Name+" "+p.Stance+": "+c.Statement] = true
		}
	}
	for _, want := range []string{
		// In what a person is reported to say: theirs, not the agency's.
		"Jane Roe doubts: the agency could not verify the report and that the figures should be treated with care",
		// "… and that B": a second statement of the same speaker.
		"Jane Roe asserts: the figures should be treated with care",
		// A group the article describes takes a stance.
		"Western intelligence (unnamed) doubts: Western intelligence was skeptical of the account from the beginning.",
		// "Roe and Major said": one position each, Major by the full
		// name the article gave her before, though she never spoke.
		"Jane Roe asserts: the repairs had been approved by the council",
		"Mary Major asserts: the repairs had been approved by the council",
		// A doubt with no one of its own carries on from the sentence
		// before.
		"Council (unnamed) doubts: Their cause is still under investigation.",
		// The group a stance verb is said of, in what a report relays.
		"Some engineers (unnamed) assesses: The report also said that some engineers believe the wall was too thin.",
		// A hedge in a speaker's own words assesses; "nothing to
		// support" doubts.
		"Jane Roe assesses: If the rain goes on, the lower town could become an island,",
		"Mary Major doubts: There is nothing in the survey to support the idea of sabotage,",
		// No means to support something is no doubt of it.
		"Mary Major asserts: We have no money to support the second dam,",
		// A warning and a finding are their makers' stands.
		"Local engineers (unnamed) asserts: Local engineers warned that the second dam was in the same state.",
		// An institution's name ending in one word after a title
		// word: not a person called "Department".
		"Interior Department asserts: Interior Department expressed concern over the state of the repairs.",
		// A title and a surname: the person, with the title as
		// the role.
		"Lee asserts: President Lee blamed the owners for the cracks.",
		// " but " and a capital: a clause of its own, whose subject
		// takes the stance.
		"Several owners (unnamed) asserts: Several owners blamed the council for the delay but Mary Major told the inquiry that the delay was hers.",
		"Mary Major asserts: the delay was hers",
		// A claim named by whose it is: its owner asserts it.
		"Jane Roe asserts: the pumps had been serviced in March",
		"Outside experts (unnamed) doubts: the pumps had been serviced in March",
		// "Inspectors", written "inspectors" too, is a group, not a name.
		"Inspectors (unnamed) asserts: Inspectors have also found cracks in the spillway of the second dam, where the inspectors of the board had seen none.",
		// Saying one does not know of it doubts it, as the reviewed
		// bases record it.
		"Ana Ruiz doubts: the spillway being cracked",
		// A speaker's own words that say it is not so deny it, the
		// statement said the other way round; a concession does not.
		"Jane Roe denies: the board did inspect the spillway before the flood",
		"Jane Roe asserts: Although the pumps have not been replaced, the wall will hold,",
		// A group a block quotation's source describes takes its own
		// stance, not the source.
		"Western officials (unnamed) doubts: Western officials were also quick to cast doubt over the board's account of the repairs.",
		// A plural two proper adjectives share: each body takes the
		// stance.
		"Northern water board (unnamed) asserts: The Northern and Southern water boards accused the owners of neglect.",
		"Southern water board (unnamed) asserts: The Northern and Southern water boards accused the owners of neglect.",
		// A list of names: each name, not "their allies".
		"Riverton Council asserts: The Riverton Council, the Hill Trust and their allies blamed the owners for the flood.",
		"Hill Trust asserts: The Riverton Council, the Hill Trust and their allies blamed the owners for the flood.",
		// A reporter's source is the speaker; "both" is no part of a
		// group's name.
		"Source inside the board (unnamed) denies: The gates were opened that night",
		// "Not A nor B" denies it of each.
		"Mayor's aide (unnamed) denies: the board or any of its contractors are hiding the report",
		"Engineers and residents of the town (unnamed) asserts: The wall was sound before the flood,",
		// A doubt whose subject is the cue ("Questions have been
		// asked") is the block quotation's source's.
		"Example Wire doubts: Questions have also been asked as to why the board waited so long to announce the cracks.",
		// An accusation of two acts: a claim for each.
		"Mary Major asserts: Mary Major accused the owners of hiding the cracks",
		"Mary Major asserts: Mary Major accused the owners of misleading the inquiry.",
		// Calling something a name is a stand taken; calling for
		// something is not.
		"Mary Major asserts: Mary Major called the second inquiry a sham.",
		// A body whose name ends in a word that also opens titles
		// ("House Speaker", "Council member"): the body, by its name.
		"The Harbour Council denies: the gates had been left open",
		// The article's own words no entry cites: its outlet's.
		"Example Gazette asserts: The river rose by two metres overnight, flooding the lower town.",
	} {
		if !got[want] {
			t.Errorf("no position %q; drafted:\n%s", want, strings.Join(slices.Sorted(maps.Keys(got)), "\n"))
		}
	}
	for k := range got {
		if strings.HasPrefix(k, "Why") || strings.Contains(k, "denies: Why") || strings.Contains(k, "Board (unnamed) assesses: Why") {
			t.Errorf("a question word made a person or a false-flag a denial: %q", k)
		}
		if strings.Contains(k, "called for calm") && !strings.HasPrefix(k, "Example Gazette ") {
			t.Errorf("a call for something made a stance: %q", k)
		}
		if strings.HasPrefix(k, "As ") || strings.HasPrefix(k, "Perhaps ") {
			// A word in -s before a cue verb is no group of finders.
			t.Errorf("a small word made a person: %q", k)
		}
	}
}

func TestInitials(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"The National Security Council", "NSC"},
		{"New York Times", "NYT"},
		{"U.S.", "US"},
		{"Department of Justice", ""},
		{"Reuters", ""},
		{"Russian government", ""},
		{"Jean-Luc Picard", ""},
	} {
		if got := initials(c.name); got != c.want {
			t.Errorf("initials(%q) = %q; want %q", c.name, got, c.want)
		}
	}
}

// TestUnnamedGroups: unnamed speakers described alike are one group, but
// "another official" twice is two people, as "a source" twice is.
func TestUnnamedGroups(t *testing.T) {
	const text = `The pumps were old, researchers said.

The pumps had failed before, researchers said.

Another official said the wall was new.

Another official said the wall was fine.
`
	d := draftAlone(t, text, Meta{SourceID: "dam", Title: "Dam", Name: "dam.txt", Published: "2024-05-08"})
	speakers := map[string]map[string]bool{}
	for _, p := range d.People {
		for _, q := range d.Quotes {
			if q.Speaker == p.ID {
				if speakers[p.Name] == nil {
					speakers[p.Name] = map[string]bool{}
				}
				speakers[p.Name][p.ID] = true
			}
		}
	}
	for name, want := range map[string]int{"Researchers (unnamed)": 1, "Another official (unnamed)": 2} {
		if got := len(speakers[name]); got != want {
			t.Errorf("%d people named %q speak; want %d (drafted: %v)", got, name, want, speakers)
		}
	}
}

func TestSplitActs(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"The board accused U.S. forces of hiding the cracks and misleading the inquiry.", []string{"The board accused U.S. forces of hiding the cracks", "The board accused U.S. forces of misleading the inquiry."}},
		{"Critics blamed the mayor for delaying the repairs, and ignoring the warnings.", []string{"Critics blamed the mayor for delaying the repairs", "Critics blamed the mayor for ignoring the warnings."}},
		// One act: an "and" that joins no second act in -ing.
		{"The board accused the owners of neglect and greed.", []string{"The board accused the owners of neglect and greed."}},
		{"The board accused the owners of hiding cracks and leaks.", []string{"The board accused the owners of hiding cracks and leaks."}},
		{"The board accused the owners of hiding the cracks during building and testing.", []string{"The board accused the owners of hiding the cracks during building and testing."}},
		// An "and" inside the quoted words is theirs.
		{"The board accused the owners of “hiding and lying” about it.", []string{"The board accused the owners of “hiding and lying” about it."}},
	} {
		var got []string
		for _, cl := range splitActs(Claim{Statement: c.in, Positions: []Position{{Stance: "asserts"}}}) {
			got = append(got, cl.Statement)
			if len(cl.Positions) != 1 {
				t.Errorf("splitActs(%q): %d positions, want 1 each", c.in, len(cl.Positions))
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("splitActs(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

// TestRoleAppositive checks that a role in -ing at first mention
// ("managing editor of …") is the speaker's role, and the reported
// speech after it theirs, while an aside in -ing ("referring to …") is
// stepped over.
func TestRoleAppositive(t *testing.T) {
	for _, c := range []struct{ text, speaker, role, said string }{
		{"Jane Roe, managing editor of the independent research group Open Desk, told the Example Gazette that the survey was “sound.”\n",
			"Jane Roe", "managing editor of the independent research group Open Desk", "the survey was “sound.”"},
		{"Jane Roe, acting director of the board, said that the wall had held.\n",
			"Jane Roe", "acting director of the board", "the wall had held"},
		{"Jane Roe, an engineer, referring to the collapse, told reporters that the wall had been too thin.\n",
			"Jane Roe", "an engineer", "the wall had been too thin"},
	} {
		var got []string
		for _, q := range Extract(c.text, nil) {
			if q.Kind == Indirect {
				got = append(got, q.Speaker+" | "+q.SpeakerRole+" | "+q.Text)
			}
		}
		want := c.speaker + " | " + c.role + " | " + c.said
		if len(got) != 1 || got[0] != want {
			t.Errorf("Extract(%q): reported speech %q; want %q", c.text, got, want)
		}
	}
}

// TestRelativeSpeaker checks that the speaker of "a witness who said …"
// is the one "who" stands for, and their words are drafted as theirs.
func TestRelativeSpeaker(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"The outlet also spoke with a witness who said they saw a missile fly over the town.\n", "a witness | they saw a missile fly over the town"},
		{"Inspectors also spoke with some local officials who believed that the wall had been too thin.\n", "some local officials | the wall had been too thin"},
	} {
		var got []string
		for _, q := range Extract(c.text, nil) {
			got = append(got, q.Speaker+" | "+q.Text)
		}
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("Extract(%q) = %q; want %q", c.text, got, c.want)
		}
	}
}

// TestDraftBothMen checks that "Both men" after two people named
// together is those two, each with the words and the position, and no
// new person named "Both men".
func TestDraftBothMen(t *testing.T) {
	const text = "Paul Okafor and Mark Duarte, engineers at the plant, were detained in May.\n\n" +
		"Okafor and Duarte were freed in June after talks.\n\n" +
		"Both men claimed that they had been treated well by the guards.\n"
	d := draftAlone(t, text, Meta{SourceID: "plant", Title: "Plant", Name: "plant.txt", Published: "2024-07-08"})
	for _, p := range d.People {
		if strings.Contains(strings.ToLower(p.Name), "both") {
			t.Errorf("new person %q named after “Both men”", p.Name)
		}
	}
	said := map[string]bool{}
	for _, q := range d.Quotes {
		if strings.Contains(q.Text, "treated well") {
			said[q.Speaker] = true
		}
	}
	asserted := map[string]bool{}
	for _, c := range d.Claims {
		for _, p := range c.Positions {
			if p.Stance == "asserts" && strings.Contains(p.Citations[0].Excerpt, "Both men") {
				asserted[p.Actor] = true
			}
		}
	}
	for _, id := range []string{"paul-okafor", "mark-duarte"} {
		if !said[id] || !asserted[id] {
			t.Errorf("“Both men claimed”: %s said it %v, asserts it %v; want both:\n%s", id, said[id], asserted[id], d.YAML())
		}
	}
}
