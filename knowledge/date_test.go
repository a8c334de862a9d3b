package knowledge

import (
	"slices"
	"testing"
)

func mustDate(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatalf("ParseDate(%q): %v", s, err)
	}
	return d
}

func TestDateForms(t *testing.T) {
	for _, tt := range []struct{ in, human string }{
		{"2023", "2023"},
		{"2023-05", "May 2023"},
		{"2023-05-03", "3 May 2023"},
		{"2023-05-03T02:30", "3 May 2023, 02:30"},
		{"2023-05-03T02:30+03:00", "3 May 2023, 02:30+03:00"},
		{"2023-05-03/2023-05-04", "3–4 May 2023"},
		{"2023-04-30/2023-05-04", "30 April – 4 May 2023"},
		{"2022-12-30/2023-01-02", "30 December 2022 – 2 January 2023"},
		{"2023-04/2023-05", "April–May 2023"},
		{"2022/2023", "2022–2023"},
		{"2023-04/2023-05-03", "April 2023 – 3 May 2023"},
		{"2023-05-03T02:30/2023-05-04", "3 May 2023, 02:30 – 4 May 2023"},
		{"2023-05-03/2023-05-03", "3 May 2023"},
		{"../2023-05-25", "by 25 May 2023"},
		{"2023-05-04/..", "on or after 4 May 2023"},
		{"../2023-05", "by May 2023"},
	} {
		d := mustDate(t, tt.in)
		if got := d.String(); got != tt.in {
			t.Errorf("ParseDate(%q).String() = %q; want it back", tt.in, got)
		}
		if got := d.Human(); got != tt.human {
			t.Errorf("ParseDate(%q).Human() = %q; want %q", tt.in, got, tt.human)
		}
		if d.IsZero() {
			t.Errorf("ParseDate(%q).IsZero() = true", tt.in)
		}
	}
	if h := (Date{}).Human() + (Date{}).String(); h != "" || !(Date{}).IsZero() {
		t.Errorf("zero Date: Human+String = %q, IsZero = %v; want empty and true", h, (Date{}).IsZero())
	}
}

func TestParseDateRefuses(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2023-05-04/2023-05-03", `impossible date "2023-05-04/2023-05-03": the range ends before it starts`},
		{"2023-06/2023-05-31", `impossible date "2023-06/2023-05-31": the range ends before it starts`},
		{"../..", `malformed date "../..": want YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[+HH:MM], or a range START/END, ../END (on or before) or START/.. (on or after)`},
		{"2023-05-03/", `malformed date "2023-05-03/": want YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[+HH:MM], or a range START/END, ../END (on or before) or START/.. (on or after)`},
		{"2023/05/03", `malformed date "2023/05/03": want YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[+HH:MM], or a range START/END, ../END (on or before) or START/.. (on or after)`},
		{"2023-05-03/2023-02-30", `impossible date "2023-05-03/2023-02-30": February has no day 30`},
		{"../2023-13", `impossible date "../2023-13": there is no month 13`},
	} {
		if _, err := ParseDate(tt.in); err == nil || err.Error() != tt.want {
			t.Errorf("ParseDate(%q) error = %v; want %s", tt.in, err, tt.want)
		}
	}
	// A range may end on the day it starts, at a later time.
	mustDate(t, "2023-05-03T10:00/2023-05-03T11:00")
	mustDate(t, "2023-05/2023-05-03")
}

// TestDateOrder checks the timeline order: the reaction dated "3 or 4 May"
// comes after the attack of 3 May even when the attack has a time.
func TestDateOrder(t *testing.T) {
	want := []string{
		"2023-02",
		"2023-05",
		"2023-05-03",
		"2023-05-03T02:30",
		"2023-05-03/2023-05-04",
		"2023-05-03/..",
		"2023-05-04",
		"2023-05-04/..",
		"../2023-05-25",
		"2023-05-25T09:00",
		"2023-06",
	}
	var ds []Date
	for _, s := range slices.Backward(want) {
		ds = append(ds, mustDate(t, s))
	}
	slices.SortStableFunc(ds, func(a, b Date) int {
		switch {
		case a.Before(b):
			return -1
		case b.Before(a):
			return 1
		}
		return 0
	})
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("sorted:\n%q\nwant\n%q", got, want)
	}
}

func TestDateContains(t *testing.T) {
	for _, tt := range []struct {
		d, o string
		want bool
	}{
		{"2023-05", "2023-05-03", true},
		{"2023", "2023-05-03T02:30", true},
		{"2023-05-03", "2023-05", true},
		{"2023-05-03", "2023-05-04", false},
		{"2023-05-04", "2023-05-03/2023-05-04", true},
		{"2023-05-05", "2023-05-03/2023-05-04", false},
		{"2023-05-03", "2023-04-30/2023-05-04", true},
		{"2023-05-10", "../2023-05-25", true},
		{"2023-05-26", "../2023-05-25", false},
		{"2023-05-03", "2023-05-04/..", false},
		{"2024", "2023-05-04/..", true},
		{"2023-05-03T10:00", "2023-05-03T09:00", false},
		{"2023-02", "2023-02-28", true},
		{"2024-02", "2024-02-29", true},
	} {
		d, o := mustDate(t, tt.d), mustDate(t, tt.o)
		if got := d.Contains(o); got != tt.want {
			t.Errorf("%s.Contains(%s) = %v; want %v", tt.d, tt.o, got, tt.want)
		}
		if got := o.Contains(d); got != tt.want {
			t.Errorf("%s.Contains(%s) = %v; want %v (overlap is symmetric)", tt.o, tt.d, got, tt.want)
		}
	}
	if (Date{}).Contains(mustDate(t, "2023")) || mustDate(t, "2023").Contains(Date{}) {
		t.Error("a zero date contains or is contained")
	}
}

// TestDays checks how many days a date allows, as /ask weighs a range
// against the day asked about.
func TestDays(t *testing.T) {
	for s, want := range map[string]int{
		"2023-05-03": 1, "2023-05": 31, "2024-02": 29, "2023": 365,
		"2023-05-03/2023-05-04": 2, "2023-04-30/2023-05-01": 2, "2023-05-03T10:00/2023-05-03T11:00": 1,
		"../2023-05-25": 0, "2023-05-25/..": 0,
	} {
		d, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Days(); got != want {
			t.Errorf("%s.Days() = %d; want %d", s, got, want)
		}
	}
}
