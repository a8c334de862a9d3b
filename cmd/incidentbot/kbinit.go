package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/incidentbot/incidentbot/cmd/internal/exit"
	"github.com/incidentbot/incidentbot/knowledge"
)

// kbInit begins a knowledge file for a new incident: its id and title
// (from flags, or asked for on standard input), today as its as_of, and
// no entries, so that nothing of an example can survive into a served
// base. The file goes to PATH, with the schema it names beside it, or to
// standard output. It never overwrites a file.
func kbInit(_ context.Context, args []string, _ func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("kb init", stderr)
	id := fs.String("id", "", "the incident's id: no spaces or slashes (asked for when not given)")
	title := fs.String("title", "", "the incident's title: what happened, where, when (asked for when not given)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return exit.Usagef("kb init takes one file to write, got %d arguments: %s", len(pos), strings.Join(pos, " "))
	}
	in := bufio.NewReader(stdin)
	if *id == "" {
		if *id, err = prompt(in, stderr, "Incident id (no spaces or slashes, such as city-strike-2024): "); err != nil {
			return err
		}
	}
	if strings.IndexFunc(*id, func(r rune) bool { return unicode.IsSpace(r) || r == '/' }) >= 0 {
		return exit.Usagef("--id %q: an id has no spaces or slashes", *id)
	}
	if *title == "" {
		if *title, err = prompt(in, stderr, "Incident title (what happened, where, when): "); err != nil {
			return err
		}
	}
	data := newBaseFile(*id, *title, time.Now().UTC())
	if _, ps := knowledge.Parse("new.yaml", data); len(ps) > 0 {
		return fmt.Errorf("internal: the new file would not validate:\n%w", ps)
	}
	if len(pos) == 0 {
		_, err := stdout.Write(data)
		return err
	}
	path := pos[0]
	if err := writeNew(path, data); errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists; not overwritten", path)
	} else if err != nil {
		return err
	}
	schema := filepath.Join(filepath.Dir(path), "schema.json")
	switch err := writeNew(schema, knowledge.SchemaData()); {
	case errors.Is(err, os.ErrExist):
		fmt.Fprintf(stdout, "wrote %s (kept the existing %s)\n", path, schema)
	case err != nil:
		return err
	default:
		fmt.Fprintf(stdout, "wrote %s and %s\n", path, schema)
	}
	fmt.Fprintf(stdout, "next: incidentbot kb draft --kb %s --into NEW.yaml --published DATE ARTICLE (see docs/admins.md, Drafting entries)\n", path)
	return nil
}

// prompt asks for one line on standard input; an empty answer or the end of
// the input is a usage error naming the flag to give instead.
func prompt(in *bufio.Reader, stderr io.Writer, question string) (string, error) {
	fmt.Fprint(stderr, question)
	line, err := in.ReadString('\n')
	line = strings.TrimSpace(line)
	if line == "" {
		if err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		return "", exit.Usage(errors.New("kb init needs the incident's id and title: give --id and --title, or answer the questions"))
	}
	return line, nil
}

// newBaseFile is the knowledge file of a new incident: the incident and
// empty sections, with comments on how to fill them. The summary starts
// as the title, under a review comment.
func newBaseFile(id, title string, now time.Time) []byte {
	incident := knowledge.Marshal(&knowledge.File{Incident: knowledge.Incident{
		ID: id, Title: title, Summary: title, AsOf: knowledge.Date{Year: now.Year(), Month: int(now.Month()), Day: now.Day()},
	}}, map[string][]string{"incident.summary": {"review: write what happened in a few neutral sentences"}})
	return fmt.Appendf(nil, `# yaml-language-server: $schema=./schema.json
# $schema: ./schema.json
#
# The knowledge file of one incident, begun by incidentbot kb init. Draft
# its entries from the articles, one article at a time, into a new file:
#
#   incidentbot kb draft --kb THIS_FILE --into NEXT.yaml --published DATE ARTICLE
#
# then review every "# review:" comment, and check what is left to do:
#
#   incidentbot kb coverage --kb NEXT.yaml --sources DIR
#   incidentbot kb validate --sources DIR NEXT.yaml
#
# Rules: every excerpt is copied word for word from its source ("..." marks
# words left out in the middle); a direct quote's text appears inside one
# of its excerpts; nothing is invented (an unknown outlet, author, date or
# URL is left out).

%s
sources: []   # the articles everything below cites
people: []    # anyone who speaks or acts, people and institutions alike
events: []    # the timeline
quotes: []    # what people said
claims: []    # contested statements and who stands where
`, incident)
}
