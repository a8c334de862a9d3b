package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/knowledge"
	"github.com/incidentbot/incidentbot/knowledge/export"
	"github.com/incidentbot/incidentbot/knowledge/synth"
)

func kb(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	verbs := []struct {
		name string
		run  func(args []string, stdout, stderr io.Writer) error
	}{
		{"validate", kbValidate},
		{"stats", kbStats},
		{"export", kbExport},
		{"gaps", kbGaps},
		{"synth", kbSynth},
	}
	if len(args) > 0 {
		for _, v := range verbs {
			if v.name == args[0] {
				return v.run(args[1:], stdout, stderr)
			}
		}
	}
	return usageError{errors.New("usage: incidentbot kb validate [--kb PATH] [--sources DIR] | kb stats [--kb PATH] | kb export --format FORMAT [--kb PATH] | kb gaps [--gaps PATH] | kb synth --entries N [--seed S]")}
}

// readKB returns the bytes and display name of the knowledge file at path,
// or of the embedded base when path is empty.
func readKB(path string) (string, []byte, error) {
	if path == "" {
		return knowledge.DefaultName + " (embedded)", knowledge.DefaultData(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", nil, fmt.Errorf("reading knowledge file: %w", err)
	}
	defer f.Close()
	// One byte past the bound, so that Parse can say the file is too big
	// without this reading all of it.
	data, err := io.ReadAll(io.LimitReader(f, knowledge.MaxFileSize+1))
	if err != nil {
		return "", nil, fmt.Errorf("reading knowledge file: %w", err)
	}
	return path, data, nil
}

func kbValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("kb validate", stderr)
	kbPath := kbFlag(fs)
	sources := fs.String("sources", "", "folder of archived source texts; every excerpt citing a source with an archive file there must be verbatim in it")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	name, data, err := readKB(*kbPath)
	if err != nil {
		return err
	}
	var problems knowledge.Problems
	if *sources != "" {
		if st, err := os.Stat(*sources); err != nil || !st.IsDir() {
			return usageError{fmt.Errorf("--sources %s is not a folder", *sources)}
		}
		problems = knowledge.CheckArchives(name, data, *sources)
	} else {
		_, problems = knowledge.Parse(name, data)
	}
	if len(problems) > 0 {
		fmt.Fprintln(stderr, problems.Error())
		return fmt.Errorf("%s: %d problem(s)", name, len(problems))
	}
	if _, err := knowledge.Load(name, data); err != nil {
		return err
	}
	msg := fmt.Sprintf("%s: valid", name)
	if *sources != "" {
		msg += ", every excerpt verbatim in the archives in " + *sources
	}
	fmt.Fprintln(stdout, msg)
	return nil
}

func loadFlagged(name string, args []string, stderr io.Writer, more func(*flag.FlagSet)) (*knowledge.Base, error) {
	fs := newFlagSet(name, stderr)
	kbPath := kbFlag(fs)
	if more != nil {
		more(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, usageError{err}
	}
	return loadBase(*kbPath)
}

func kbStats(args []string, stdout, stderr io.Writer) error {
	b, err := loadFlagged("kb stats", args, stderr, nil)
	if err != nil {
		return err
	}
	c := b.Counts()
	fmt.Fprintf(stdout, "%s (version %s)\n", b.Incident.Title, b.Version)
	for _, k := range []string{"events", "quotes", "claims", "people", "sources"} {
		fmt.Fprintf(stdout, "%-8s %d\n", k+":", c[k])
	}
	if tl := b.Timeline(); len(tl) > 0 {
		fmt.Fprintf(stdout, "dates:   %s to %s\n", tl[0].Date, tl[len(tl)-1].Date)
	}
	var silent []string
	for _, p := range b.People {
		if len(b.QuotesBy(p.ID)) == 0 {
			silent = append(silent, p.ID)
		}
	}
	fmt.Fprintf(stdout, "people without quotes: %s\n", listOrNone(silent))
	fmt.Fprintf(stdout, "sources never cited: %s\n", listOrNone(uncited(b)))
	return nil
}

func uncited(b *knowledge.Base) []string {
	cited := map[string]bool{}
	mark := func(cs []knowledge.Citation) {
		for _, c := range cs {
			cited[c.Source] = true
		}
	}
	for _, e := range b.Events {
		mark(e.Citations)
	}
	for _, q := range b.Quotes {
		mark(q.Citations)
	}
	for _, c := range b.Claims {
		for _, p := range c.Positions {
			mark(p.Citations)
		}
	}
	var out []string
	for _, s := range b.Sources {
		if !cited[s.ID] {
			out = append(out, s.ID)
		}
	}
	return out
}

func listOrNone(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	slices.Sort(ids)
	return strings.Join(ids, ", ")
}

func kbExport(args []string, stdout, stderr io.Writer) error {
	var format string
	b, err := loadFlagged("kb export", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&format, "format", "json", "output format: "+strings.Join(export.Formats(), ", "))
	})
	if err != nil {
		return err
	}
	if err := export.Write(stdout, format, b); err != nil {
		if errors.Is(err, export.ErrUnknownFormat) {
			return usageError{err}
		}
		return err
	}
	return nil
}

// kbGaps lists the most asked unanswered questions recorded by serve.
func kbGaps(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("kb gaps", stderr)
	path := fs.String("gaps", os.Getenv("GAPS_PATH"), "JSON Lines file of unanswered questions (default: GAPS_PATH)")
	n := fs.Int("n", 20, "how many to list")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if *path == "" {
		return usageError{errors.New("kb gaps needs --gaps PATH or GAPS_PATH: the file serve records unanswered questions in")}
	}
	if *n < 1 {
		return usageError{fmt.Errorf("-n must be at least 1")}
	}
	g, err := bot.ReadGaps(*path)
	if err != nil {
		return err
	}
	top := g.Top(*n)
	if len(top) == 0 {
		fmt.Fprintln(stdout, "No unanswered questions recorded.")
		return nil
	}
	_, err = io.WriteString(stdout, bot.Plain(bot.Answer{Title: "Unanswered questions, most asked first", Items: bot.GapItems(top), Page: 1, Pages: 1}))
	return err
}

// kbSynth writes a synthetic knowledge file, for benchmarks and load tests.
func kbSynth(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("kb synth", stderr)
	entries := fs.Int("entries", 1000, "events, quotes and claims in all")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same file")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if *entries < 3 || *entries > 1_000_000 {
		return usageError{fmt.Errorf("--entries must be between 3 and 1000000")}
	}
	data, err := synth.Generate(*entries, *seed)
	if err != nil {
		return err
	}
	_, err = stdout.Write(data)
	return err
}
