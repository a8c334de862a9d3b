package draft

import (
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

func TestFindDate(t *testing.T) {
	for _, c := range []struct {
		sentence, pub, prev string
		want                string
		note                string // a part of the note; "" for none
	}{
		{"The hostages were released Tuesday in a swap.", "2019-11-19", "", "2019-11-19", "Tuesday on or before"},
		{"The office announced Monday that he pleaded guilty.", "2019-11-19", "", "2019-11-18", "Monday"},
		{"Explosions were heard early Thursday.", "2023-05-05", "", "2023-05-04", "Thursday"},
		{"His sentencing is scheduled for Feb. 14, the office said.", "2019-11-19", "", "2020-02-14", "first after"},
		{"He was arrested in April for a March 21 call.", "2019-11-19", "", "2019-04", "April"},
		{"A missile hit the market on Sept. 7, officials said.", "2023-09-20/..", "", "2023-09-07", "Sept. 7"},
		{"The report was published on September 25, 2019.", "2023-09-20", "", "2019-09-25", ""},
		{"They were abducted in August 2016.", "2019-11-19", "", "2016-08", ""},
		{"Trump scuttled the talks in September.", "2019-11-19", "", "2019-09", "September"},
		{"The president announced it last month.", "2019-11", "", "2019-10", "last month"},
		{"Ghani announced the exchange last week.", "2019-11-19", "", "2019-11-11/2019-11-17", "last week"},
		{"Services were disrupted since June this year.", "2014-12-29", "", "2014-06/..", "since"},
		{"Held since 2016, they were released Tuesday.", "2019-11-19", "", "2019-11-19", "Tuesday"},
		{"It first appeared in 2014.", "2019-11", "", "2014", ""},
		{"The ministry had warned the day before.", "2019-11-19", "2019-11-12", "2019-11-11", "the day before"},
		{"The next year, the group released videos.", "2019-11-19", "2016-08", "2017", "The next year"},
		{"Users said it was still down yesterday.", "2014-12-29", "", "2014-12-28", "yesterday"},
		{"A prospect she denied earlier in the day.", "2019-11-19", "2019-07-25", "2019-11-19", "publication date"},
		{"The aid was paused that day.", "2019-11-19", "2019-07-25", "2019-07-25", "sentence before"},
		// Parts of a day: the day of the sentence before; "later in the
		// day" too when that day is the news of the days before
		// publication.
		{"In the morning, lawmakers questioned the aide.", "2019-11-20", "2019-11-19", "2019-11-19", "sentence before"},
		{"Later in the day, two envoys testified.", "2019-11-20", "2019-11-19", "2019-11-19", "sentence before"},
		{"Later in the day, two envoys testified.", "2019-11-20", "2019-07-25", "2019-11-20", "publication date"},
		// A month and day without a year: the year nearest the
		// publication date, after it only when much nearer.
		{"The timing, days ahead of the May 9 parade, was noted.", "2023-05-04/..", "", "2023-05-09", "May 9"},
		{"The talks began on Dec. 28 and ended the next week.", "2024-01-05", "", "2023-12-28", "Dec. 28"},
		{"The hearing was held on July 18.", "2019-09/2019-12", "", "2019-07-18", "July 18"},
		// A publication date known only as a range: a weekday is dated
		// no closer than the range, and the note says so.
		{"Prosecutors dropped the case on Tuesday.", "2019-09/2019-12", "", "2019-09/2019-12", "known only as"},
		{"Prosecutors dropped the case on Tuesday.", "2019-11-18/2019-11-20", "", "2019-11-12/2019-11-19", "Tuesday"},
		// Not dates: a modal "may", a month name inside a word, nothing.
		{"The missile may have been Ukrainian.", "2019-11-19", "", "", ""},
		{"He marched on.", "2019-11-19", "", "", ""},
		{"Tuesday was mentioned, but the article has no date.", "", "", "", ""},
	} {
		pub, _ := knowledge.ParseDate(c.pub)
		prev, _ := knowledge.ParseDate(c.prev)
		d, note, _ := findDate(c.sentence, dateContext{pub: pub, prev: prev})
		if d.String() != c.want || !strings.Contains(note, c.note) || (c.note == "" && note != "") {
			t.Errorf("findDate(%q, published %s) = %q, note %q; want %q, note with %q", c.sentence, c.pub, d, note, c.want, c.note)
		}
	}
}

// FuzzFindDate holds findDate to its contract on any sentence and
// publication date: it does not panic, what it returns is a date the
// model accepts, and the place it reports is inside the sentence.
func FuzzFindDate(f *testing.F) {
	for _, s := range []string{"released Tuesday", "on Sept. 7", "in February 2016", "last month", "the day before",
		"since June this year", "Feb. 30", "31 February 2019", "scheduled for Dec. 31"} {
		f.Add(s, "2019-11-19")
		f.Add(s, "2019-09/2019-12")
		f.Add(s, "2023-09-20/..")
		f.Add(s, "0001-01-01")
	}
	f.Fuzz(func(t *testing.T, sentence, published string) {
		pub, err := knowledge.ParseDate(published)
		if err != nil {
			pub = knowledge.Date{}
		}
		d, _, at := findDate(sentence, dateContext{pub: pub, prev: pub})
		if d.IsZero() {
			return
		}
		if _, err := knowledge.ParseDate(d.String()); err != nil {
			t.Fatalf("findDate(%q, %q) = %q, which the model refuses: %v", sentence, published, d, err)
		}
		if at[0] < 0 || at[1] > len(sentence) || at[0] >= at[1] {
			t.Fatalf("findDate(%q, %q) at %v, outside the sentence", sentence, published, at)
		}
	})
}

func TestSaidDate(t *testing.T) {
	pub, _ := knowledge.ParseDate("2019-11-19")
	for _, c := range []struct{ sentence, cue, want string }{
		{"A man pleaded guilty, the office announced Monday.", "announced", "2019-11-18"},
		{"The analyst told a magazine in October 2018 that the group was secular.", "told", "2018-10"},
		{"The service was cut off on Friday, said the group.", "said", ""},
		{"He said the July 25 call made him realize it.", "said", ""},
		{"She said “we met on Tuesday” to reporters.", "said", ""},
	} {
		d, _ := saidDate(Quote{Cue: c.cue, Sentence: c.sentence}, pub)
		if d.String() != c.want {
			t.Errorf("saidDate(%q) = %q; want %q", c.sentence, d, c.want)
		}
	}
}

// TestEventNamedDate checks that a date naming what a statement speaks
// of ("the May 3 attack") dates the statement between it and publication,
// while one that dates the happening itself stays a day.
func TestEventNamedDate(t *testing.T) {
	pub, err := knowledge.ParseDate("2023-05-25")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ text, want string }{
		{"Officials told the newspaper that the May 3 attack may have been carried out by a special unit.\n", "2023-05-03/2023-05-25"},
		{"Two drones were flown on May 3 toward the palace.\n", "2023-05-03"},
		// The date of what the words were said in dates the saying.
		{"The flaw is limited, said an analyst in a Monday analysis of the code.\n", "2023-05-22"},
	} {
		evs := Events(c.text, nil, pub)
		if len(evs) != 1 || evs[0].Date.String() != c.want {
			t.Errorf("Events(%q) = %+v; want one event dated %s", c.text, evs, c.want)
		}
	}
}
