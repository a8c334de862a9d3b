package draft

import (
	"strings"
	"testing"
)

// TestDraftMarksFormulas is finding 6 of issue 20: a quotation from an
// article that a spreadsheet would run as a formula is drafted verbatim,
// with a review note saying so.
func TestDraftMarksFormulas(t *testing.T) {
	text := "“=SUM(A1:A9) came up on every screen,” said Jane Doe-Smith, a spokeswoman for the Example Institute.\n\n" +
		"“Our hands are clean,” said John Roe, a spokesman for the Example Institute.\n"
	d, _ := draftOf(t, text, Meta{SourceID: "example", Title: "Example article", Name: "example.txt"})
	y := string(d.YAML())
	const note = "# review: begins with =, +, -, @, a tab or a CR, which a spreadsheet runs as a formula"
	if n := strings.Count(y, note); n != 1 {
		t.Errorf("%d formula notes; want 1, on the quote that begins with =\n%s", n, y)
	}
	if !strings.Contains(y, `text: "=SUM(A1:A9) came up on every screen,"`) {
		t.Errorf("the quote is not drafted verbatim\n%s", y)
	}
}
