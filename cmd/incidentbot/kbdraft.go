package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/cmd/internal/exit"
	"github.com/incidentbot/incidentbot/knowledge"
	"github.com/incidentbot/incidentbot/knowledge/draft"
)

const kbDraftUsage = "usage: incidentbot kb draft [--kb PATH] [--source-id ID] [--title T] [--outlet O] [--published DATE] [--url URL] [--format yaml|json] [--into FILE] [--out FILE] [--archive-dir DIR] ARTICLE"

// kbDraft drafts knowledge-base entries (a source, people, events, quotes
// and claims) from a news article, for an admin to review; see
// knowledge/draft.
func kbDraft(_ context.Context, args []string, getenv func(string) string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("kb draft", stderr)
	kbFlag(fs)
	var m draft.Meta
	fs.StringVar(&m.SourceID, "source-id", "", "id of the new source (default: made from the file name)")
	fs.StringVar(&m.Title, "title", "", "the source's title (default: the HTML page's title)")
	fs.StringVar(&m.Outlet, "outlet", "", "the outlet that published the article; left out unless given")
	fs.StringVar(&m.Published, "published", "", "its publication date, which relative dates (\"Tuesday\", \"last month\") are counted from: YYYY, YYYY-MM, YYYY-MM-DD or a range (2023-09-20/.., on or after), which an agency dateline in it (\"CITY, Nov 17 (Agency) -\") narrows to its day; left out unless given")
	fs.StringVar(&m.URL, "url", "", "its http(s) URL; left out unless given")
	format := fs.String("format", "yaml", "yaml: a draft to review; json: the quotations found, for tools")
	into := fs.String("into", "", "write the knowledge file plus the draft to this new file")
	out := fs.String("out", "", "write the draft to this file instead of standard output")
	archiveDir := fs.String("archive-dir", "", "folder to write the article's text to (default: the folder of --into or --out, else the current one)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return exit.Usage(errors.New("kb draft needs one article file (plain text or HTML)\n" + kbDraftUsage))
	}
	if *format != "yaml" && *format != "json" {
		return exit.Usagef("--format %q: want yaml or json", *format)
	}
	kbFile, err := kbPath(fs, nil, getenv)
	if err != nil {
		return err
	}
	path := pos[0]
	m.Name = path
	art, err := readArticle(path)
	if err != nil {
		return err
	}
	name, data, err := readBase(kbFile)
	if err != nil {
		return err
	}
	// Drafting reads the base's people, sources and quotes: the file is
	// parsed and checked, not indexed for search.
	base, problems := knowledge.Parse(name, data)
	if len(problems) > 0 {
		return problems
	}
	quotes := draft.Extract(art.Text, base)
	if len(quotes) == 0 {
		fmt.Fprintf(stderr, "incidentbot: %s: no attributed quotations found\n", path)
	}
	if *format == "json" {
		return draft.WriteJSON(stdout, quotes)
	}
	dir := *archiveDir
	switch {
	case dir != "":
	case *into != "":
		dir = filepath.Dir(*into)
	case *out != "":
		dir = filepath.Dir(*out)
	default:
		dir = "."
	}
	m.Archived = archivedTexts(base, dir)
	d, err := draft.New(art, quotes, base, m)
	if err != nil {
		return exit.Usage(err)
	}
	if bad := d.Check(); len(bad) > 0 {
		return fmt.Errorf("internal: the excerpts of %s are not verbatim in the article's text", strings.Join(bad, ", "))
	}
	// The archive first: a file that cites an article must not be
	// left without its text when the archive cannot be written.
	archive := filepath.Join(dir, d.Source.Archive)
	if !d.Existing {
		if err := writeArchive(archive, d.ArchiveText); err != nil {
			return err
		}
	}
	if *into != "" {
		merged := d.Merge(data)
		if _, ps := knowledge.Parse(filepath.Base(*into), merged); len(ps) > 0 {
			return fmt.Errorf("internal: the merged file would not validate:\n%w", ps)
		}
		if err := writeDraftFile(*into, merged); err != nil {
			return err
		}
	}
	if *into == "" || *out != "" {
		yml := d.YAML()
		if *out == "" {
			if _, err := stdout.Write(yml); err != nil {
				return err
			}
		} else if err := writeDraftFile(*out, yml); err != nil {
			return err
		}
	}
	if d.Existing {
		fmt.Fprintf(stderr, "incidentbot: the base already has this article as source %q; entries it has, skipped: %d\n", d.Source.ID, d.Skipped)
	}
	fmt.Fprintf(stderr, "incidentbot: %s, %s, %s, %s new to the base, source %q; the article's text is in %s\n",
		i18n.N(i18n.LocaleEN, "%d events", len(d.Events)), i18n.N(i18n.LocaleEN, "%d quotes", len(d.Quotes)), i18n.N(i18n.LocaleEN, "%d claims", len(d.Claims)),
		i18n.N(i18n.LocaleEN, "%d people", len(d.People)), d.Source.ID, archive)
	if len(d.Held) > 0 {
		fmt.Fprintf(stderr, "incidentbot: quotations credited to an outlet or document the article does not name, held in # review: comments, not entries: %d\n", len(d.Held))
	}
	if *into != "" {
		fmt.Fprintf(stderr, "incidentbot: wrote %s; review the new entries (diff it against %s; incidentbot kb coverage --kb %s --sources %s lists what is left), then: incidentbot kb validate --sources %s %s\n", *into, name, *into, dir, dir, *into)
	}
	return nil
}

// archivedTexts reads the archived articles of the base's sources found
// in dir, so that drafting an article the base already has is noticed.
func archivedTexts(base *knowledge.File, dir string) map[string]string {
	out := map[string]string{}
	if base == nil {
		return out
	}
	for _, s := range base.Sources {
		if s.Archive == "" || filepath.Base(s.Archive) != s.Archive {
			continue
		}
		if data, err := os.ReadFile(filepath.Join(dir, s.Archive)); err == nil && len(data) <= draft.MaxInputSize {
			out[s.ID] = string(data)
		}
	}
	return out
}

// readArticle reads the article at path, refusing a folder or a file too
// big to be an article before reading it.
func readArticle(path string) (draft.Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return draft.Article{}, fmt.Errorf("reading the article: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return draft.Article{}, fmt.Errorf("reading the article: %w", err)
	}
	if st.IsDir() {
		return draft.Article{}, fmt.Errorf("%s: is a folder, not an article", path)
	}
	if st.Size() > draft.MaxInputSize {
		return draft.Article{}, fmt.Errorf("%s: the file is %d MiB, over the limit of %d MiB; a news article, even saved with its web page, is far smaller, so this is not one", path, st.Size()>>20, draft.MaxInputSize>>20)
	}
	art, err := draft.ReadArticle(f)
	if err != nil {
		return draft.Article{}, fmt.Errorf("%s: %w", path, err)
	}
	return art, nil
}

// writeDraftFile writes a file of the draft, which never overwrites one.
func writeDraftFile(path string, data []byte) error {
	err := writeNew(path, data)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists; kb draft writes only new files", path)
	}
	return err
}

// writeArchive writes the article's text, unless the same text is already
// there; it never replaces a different file.
func writeArchive(path, text string) error {
	if old, err := os.ReadFile(path); err == nil {
		if bytes.Equal(old, []byte(text)) {
			return nil
		}
		return fmt.Errorf("%s already exists with other text; choose another --source-id or --archive-dir", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("making the archive folder: %w", err)
	}
	return writeDraftFile(path, []byte(text))
}
