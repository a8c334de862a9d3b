package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/incidentbot/incidentbot/knowledge"
)

// csvHeader is the header row of the CSV export.
var csvHeader = []string{
	"id", "speaker", "role", "kind", "text", "said", "medium", "via",
	"source title", "outlet", "url", "excerpt",
}

// CSV writes the quotes as a spreadsheet: a header row, then one row per
// quote and citation, in file order. A quote cited by two sources takes two
// rows with the same id, rather than one row that silently drops a source;
// most quotes have one citation and so one row. speaker is the person's
// name, said the date as precise as the base gives it (2023-05, 2023-05-03),
// via the intermediaries joined with " > ". Unknown fields stay empty.
//
// Text is written verbatim, UTF-8 without a byte order mark, except that a
// cell a spreadsheet would run as a formula (knowledge.StartsFormula:
// "=HYPERLINK(…)", "@SUM(…)", "-2+3") gets a ' in front, which spreadsheets
// read as "this is text" and do not show: a quote copied from a hostile
// article must not run on a newsroom's machine.
func CSV(w io.Writer, b *knowledge.Base) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("writing csv: %w", err)
	}
	for i := range b.Quotes {
		q := &b.Quotes[i]
		speaker, role := q.Speaker, ""
		if p := b.Person(q.Speaker); p != nil {
			speaker, role = p.Name, p.Role
		}
		cites := q.Citations
		if len(cites) == 0 {
			// The validator requires a citation; should one be missing,
			// the quote still gets its row, with the source columns empty.
			cites = []knowledge.Citation{{}}
		}
		for _, c := range cites {
			var s knowledge.Source
			if c.Source != "" {
				s = *source(b, c.Source)
			}
			row := []string{
				q.ID, speaker, role, q.Kind, q.Text, q.Said.String(), q.Medium,
				strings.Join(q.Via, " > "), s.Title, s.Outlet, s.URL, c.Excerpt,
			}
			for i, cell := range row {
				if knowledge.StartsFormula(cell) {
					row[i] = "'" + cell
				}
			}
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("writing csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing csv: %w", err)
	}
	return nil
}
