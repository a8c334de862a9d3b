package cite

import (
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

// TestNamed: an unknown style is refused by name, listing the styles.
func TestNamed(t *testing.T) {
	if _, err := Named("chicago"); err == nil || err.Error() != `unknown citation style "chicago"; want one of ap` {
		t.Errorf("Named(chicago) = %v", err)
	}
	if s, err := Named("ap"); err != nil || s != (AP{}) {
		t.Errorf("Named(ap) = %v, %v", s, err)
	}
}

// TestAPDate pins the AP forms of every kind of date: the months spelled
// out alone or with a year, abbreviated with a day (but March to July),
// ranges and open ranges as precise as they are.
func TestAPDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2023", "in 2023"},
		{"2023-05", "in May 2023"},
		{"2023-09", "in September 2023"},
		{"2023-05-03", "on May 3, 2023"},
		{"2023-03-03", "on March 3, 2023"},
		{"2023-07-14", "on July 14, 2023"},
		{"2023-08-03", "on Aug. 3, 2023"},
		{"2023-09-30", "on Sept. 30, 2023"},
		{"2023-01-02", "on Jan. 2, 2023"},
		{"2023-02-28", "on Feb. 28, 2023"},
		{"2023-12-25", "on Dec. 25, 2023"},
		{"2023-05-03/2023-05-04", "on May 3 or 4, 2023"},
		{"2023-05-03/2023-05-25", "between May 3 and 25, 2023"},
		{"2023-04-30/2023-05-04", "between April 30 and May 4, 2023"},
		{"2023-08-30/2023-09-02", "between Aug. 30 and Sept. 2, 2023"},
		{"2022-12-30/2023-01-02", "between Dec. 30, 2022, and Jan. 2, 2023"},
		{"2023-03/2023-05", "between March and May 2023"},
		{"2019/2021", "between 2019 and 2021"},
		{"2023-05/2023-06-02", "between May 2023 and June 2, 2023"},
		{"../2023-05-25", "on or before May 25, 2023"},
		{"../2023-05", "in or before May 2023"},
		{"2023-05-04/..", "on or after May 4, 2023"},
		{"2023-05-03T02:30", "at 2:30 a.m. on May 3, 2023"},
		{"2023-05-03T14:00+03:00", "at 2 p.m. UTC+03:00 on May 3, 2023"},
		{"2023-05-03T00:00Z", "at midnight UTC on May 3, 2023"},
		{"2023-05-03T12:00", "at noon on May 3, 2023"},
		{"2023-05-03T23:05/2023-05-04T01:00", "between 11:05 p.m. May 3, 2023, and 1 a.m. May 4, 2023"},
	}
	for _, tt := range tests {
		d, err := knowledge.ParseDate(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := apDate(d); got != tt.want {
			t.Errorf("apDate(%s) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestAPWho: a short title led by a capital stands before the name; a
// description follows it; a curator's note after a semicolon is left
// out.
func TestAPWho(t *testing.T) {
	tests := []struct{ name, role, want string }{
		{"Ann Lee", "", "Ann Lee"},
		{"Ann Lee", "Government spokeswoman", "Government spokeswoman Ann Lee"},
		{"Ann Lee", "former Foreign Minister", "former Foreign Minister Ann Lee"},
		{"Ann Lee", "spokeswoman", "Ann Lee, spokeswoman,"},
		{"Ann Lee", "analyst at a think tank", "Ann Lee, analyst at a think tank,"},
		{"Ann Lee", "Analyst at a Think Tank", "Ann Lee, Analyst at a Think Tank,"},
		{"Ann Lee", "writer, academic", "Ann Lee, writer, academic,"},
		{"Ann Lee", "Columnist; the paper's own view", "Columnist Ann Lee"},
		{"Electoral Commission", "regulates campaign finances", "Electoral Commission, regulates campaign finances,"},
		{"Kyiv's air force", "Ukraine's air force", "Kyiv's air force, Ukraine's air force,"},
	}
	for _, tt := range tests {
		if got := apWho(&knowledge.Person{Name: tt.name, Role: tt.role}); got != tt.want {
			t.Errorf("apWho(%q, %q) = %q; want %q", tt.name, tt.role, got, tt.want)
		}
	}
}

// TestAPMedium: a medium that starts with a verb of saying is the verb;
// any other gets "said" ("wrote" for what is written) and the preposition
// its main noun takes.
func TestAPMedium(t *testing.T) {
	tests := []struct{ medium, want string }{
		{"", "said"},
		{"told reporters", "told reporters"},
		{"daily briefing with reporters", "said at a daily briefing with reporters"},
		{"Telegram channel", "wrote on a Telegram channel"},
		{"X", "wrote on X"},
		{"tweet", "wrote in a tweet"},
		{"TV interview", "said in a TV interview"},
		{"interview with a newspaper", "said in an interview with a newspaper"},
		{"statement", "said in a statement"},
	}
	for _, tt := range tests {
		verb, rest := apMedium(tt.medium)
		if got := strings.TrimSpace(verb + " " + rest); got != tt.want {
			t.Errorf("apMedium(%q) = %q; want %q", tt.medium, got, tt.want)
		}
	}
}
