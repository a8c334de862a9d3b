// Package export writes a knowledge base in the formats newsrooms publish
// from: the base itself as JSON, a Knight Lab TimelineJS3 timeline,
// schema.org ClaimReview JSON-LD and a spreadsheet of quotes as CSV.
//
// Every format carries the citations (source title and verbatim excerpt) of
// what it exports, and leaves out what the base does not know (an outlet, a
// URL, a day of the month) rather than filling it in. It depends only on
// knowledge and the standard library; it must not import bot/ or any chat
// library, and neither bot/ nor knowledge may import it.
package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/incidentbot/incidentbot/knowledge"
)

// ErrUnknownFormat is wrapped by Write when asked for a format it does not
// know, so that a command line can report it as misuse.
var ErrUnknownFormat = errors.New("unknown export format")

// formats is the table Write dispatches on, in the order they are listed.
var formats = []struct {
	name  string
	write func(io.Writer, *knowledge.Base) error
}{
	{"json", JSON},
	{"timelinejs", TimelineJS},
	{"claimreview", ClaimReview},
	{"csv", CSV},
}

// Formats returns the names Write accepts.
func Formats() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
	}
	return names
}

// Write writes b to w in the named format. An unknown format writes nothing
// and returns an error that wraps ErrUnknownFormat and names the known ones.
func Write(w io.Writer, format string, b *knowledge.Base) error {
	for _, f := range formats {
		if f.name == format {
			return f.write(w, b)
		}
	}
	return fmt.Errorf("%w %q; want one of %s", ErrUnknownFormat, format, strings.Join(Formats(), ", "))
}

// JSON writes the knowledge file as indented JSON with the YAML's field
// names; unknown optional fields are left out.
func JSON(w io.Writer, b *knowledge.Base) error {
	return writeJSON(w, b.File)
}

// writeJSON keeps encoding/json's HTML escaping on purpose: the JSON-LD
// and TimelineJS outputs are pasted into <script> elements, where a "</"
// in a quote must not end the script.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("writing json: %w", err)
	}
	return nil
}
