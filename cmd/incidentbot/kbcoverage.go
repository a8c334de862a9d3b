package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/incidentbot/incidentbot/cmd/internal/exit"
	"github.com/incidentbot/incidentbot/knowledge"
	"github.com/incidentbot/incidentbot/knowledge/draft"
)

// kbCoverage shows an admin what is left to do in a knowledge file: per
// archived article, the sentences no entry cites, and the "# review:"
// comments still in the file, each with its line.
func kbCoverage(_ context.Context, args []string, getenv func(string) string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("kb coverage", stderr)
	sources := fs.String("sources", "", "folder of the archived source texts (the archive: files of the sources)")
	path, err := parseKB(fs, args, getenv)
	if err != nil {
		return err
	}
	if *sources == "" {
		return exit.Usage(errors.New("kb coverage needs --sources DIR, the folder of the base's archived articles"))
	}
	if st, err := os.Stat(*sources); err != nil || !st.IsDir() {
		return exit.Usagef("--sources %s is not a folder", *sources)
	}
	name, data, err := readBase(path)
	if err != nil {
		return err
	}
	base, problems := knowledge.Parse(name, data)
	if len(problems) > 0 {
		fmt.Fprintln(stderr, problems.Error())
		return fmt.Errorf("%s: %s; kb coverage reads a file that validates", name, problems.Count())
	}
	w := bufio.NewWriter(stdout)
	for _, s := range base.Sources {
		if s.Archive == "" {
			fmt.Fprintf(w, "%s: no archive file; kb coverage reads only archived articles\n\n", s.ID)
			continue
		}
		text, err := os.ReadFile(filepath.Join(*sources, s.Archive))
		if err != nil {
			fmt.Fprintf(w, "%s: archive %s not in %s\n\n", s.ID, s.Archive, *sources)
			continue
		}
		sents := draft.Sentences(string(text))
		excerpts := excerptsOf(base, s.ID)
		var missing []draft.Sentence
		for _, sent := range sents {
			if !cited(sent.Text, excerpts) {
				missing = append(missing, sent)
			}
		}
		fmt.Fprintf(w, "%s (%s): %d of %d sentences cited", s.ID, s.Archive, len(sents)-len(missing), len(sents))
		if len(missing) == 0 {
			fmt.Fprint(w, "\n\n")
			continue
		}
		fmt.Fprintln(w, "; not cited by any entry:")
		for _, m := range missing {
			fmt.Fprintf(w, "  %s:%d: %s\n", s.Archive, 1+bytes.Count(text[:m.Start], []byte("\n")), m.Text)
		}
		fmt.Fprintln(w)
	}
	reviews := reviewItems(data)
	fmt.Fprintf(w, "entries with # review: comments in %s: %d", name, len(reviews))
	if len(reviews) > 0 {
		fmt.Fprintln(w, "; delete the comments once checked:")
		for _, r := range reviews {
			fmt.Fprintf(w, "  %s:%d: %s\n", name, r.line, r.text)
		}
	} else {
		fmt.Fprintln(w)
	}
	return w.Flush()
}

// excerptsOf lists the folded excerpts, split at their "...", of every
// entry that cites source.
func excerptsOf(b *knowledge.File, source string) []string {
	var out []string
	for c := range b.Citations() {
		if c.Source != source {
			continue
		}
		for part := range strings.SplitSeq(strings.ReplaceAll(knowledge.Fold(c.Excerpt), "…", "..."), "...") {
			if p := strings.TrimSpace(part); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// cited reports whether an excerpt holds the sentence, or part of it.
func cited(sentence string, excerpts []string) bool {
	s := knowledge.Fold(sentence)
	for _, x := range excerpts {
		if strings.Contains(x, s) || strings.Contains(s, x) {
			return true
		}
	}
	return false
}

type reviewItem struct {
	line int
	text string
}

// reviewItems finds the "# review:" comments of a knowledge file; the
// comments on consecutive lines, which kb draft writes above one entry,
// are one item.
func reviewItems(data []byte) []reviewItem {
	var out []reviewItem
	prev := -1
	for i, l := range strings.Split(string(data), "\n") {
		after, ok := strings.CutPrefix(strings.TrimSpace(l), "# review:")
		if !ok {
			continue
		}
		after = strings.TrimSpace(after)
		if prev == i-1 && len(out) > 0 {
			out[len(out)-1].text += " · " + after
		} else {
			out = append(out, reviewItem{i + 1, after})
		}
		prev = i
	}
	return out
}
