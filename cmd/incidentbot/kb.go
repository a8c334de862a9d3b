package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/eval"
	"github.com/incidentbot/incidentbot/bot/gaps"
	"github.com/incidentbot/incidentbot/cmd/internal/exit"
	"github.com/incidentbot/incidentbot/internal/state"
	"github.com/incidentbot/incidentbot/knowledge"
	"github.com/incidentbot/incidentbot/knowledge/export"
	"github.com/incidentbot/incidentbot/knowledge/synth"
)

// kbVerbs is the kb command table, which kb dispatches on and usage lists.
func kbVerbs() []subcommand {
	return []subcommand{
		{"validate", "validate [--sources DIR] [--kb PATH | PATH]    check a knowledge file, or a folder's; with --sources, check every excerpt is verbatim", kbValidate},
		{"stats", "stats [--kb PATH | PATH]                      counts by kind, date span, people without quotes, sources never cited", kbStats},
		{"export", "export --format FORMAT [--kb PATH | PATH]     the base as json, timelinejs, claimreview or csv (see docs/admins.md, Exports)", kbExport},
		{"gaps", "gaps [-n N] [--gaps PATH | PATH]              the most asked unanswered questions serve recorded (default: STATE_URL's store, else GAPS_PATH)", kbGaps},
		{"init", "init [--id ID] [--title T] [PATH]             begin a knowledge file for a new incident, with no entries (and schema.json beside it)", kbInit},
		{"synth", "synth --entries N [--seed S]                  a realistic synthetic base of N entries, for benchmarks (see docs/performance.md)", kbSynth},
		{"draft", "draft [flags] ARTICLE                         draft a source, people, events, quotes and claims from a news article (see docs/admins.md, Drafting entries)", kbDraft},
		{"coverage", "coverage --kb PATH --sources DIR              per archived article, the sentences no entry cites, and the # review: items left", kbCoverage},
		{"eval", "eval [--kb PATH] [--min 0.9] QUESTIONS.json      ask your own question set; each miss, then totals (see docs/admins.md, Checking a base)", kbEval},
	}
}

func kb(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	verbs := kbVerbs()
	if len(args) > 0 {
		for _, v := range verbs {
			if v.name == args[0] {
				return v.run(ctx, args[1:], getenv, stdin, stdout, stderr)
			}
		}
	}
	var b strings.Builder
	if len(args) > 0 {
		fmt.Fprintf(&b, "unknown kb command %q\n", args[0])
	}
	b.WriteString("usage:")
	for l := range strings.SplitSeq(usage(), "\n") {
		if strings.HasPrefix(l, "  incidentbot kb ") {
			b.WriteString("\n" + l)
		}
	}
	return exit.Usage(errors.New(b.String()))
}

// kbValidate checks a knowledge file, parsing it once. Parse finds every
// problem Load refuses a file for; the rest of loading, the search index,
// checks nothing of the file, so it is not built.
func kbValidate(_ context.Context, args []string, getenv func(string) string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("kb validate", stderr)
	sources := fs.String("sources", "", "folder of archived source texts; every excerpt citing a source with an archive file there must be verbatim in it")
	path, err := parseKB(fs, args, getenv)
	if err != nil {
		return err
	}
	if *sources != "" {
		if st, err := os.Stat(*sources); err != nil || !st.IsDir() {
			return exit.Usagef("--sources %s is not a folder", *sources)
		}
	}
	files := []string{path}
	if isFolder(path) {
		if files, err = knowledgeFiles(path); err != nil {
			return err
		}
	}
	incident := kbIncident(fs, getenv)
	var failed []string
	byID := map[string]string{} // the file of each incident id
	found := false
	for _, f := range files {
		name, data, err := readBase(f)
		if err != nil {
			return err
		}
		file, problems := knowledge.Parse(name, data)
		if file != nil {
			if incident != "" && file.Incident.ID != incident {
				continue
			}
			found = true
			if other, dup := byID[file.Incident.ID]; dup {
				fmt.Fprintln(stderr, duplicateID(name, file.Incident.ID, other))
				failed = append(failed, name+": incident.id used twice")
				continue
			}
			byID[file.Incident.ID] = name
		}
		if len(problems) == 0 && *sources != "" {
			problems = knowledge.CheckArchives(name, data, *sources)
		}
		if len(problems) > 0 {
			fmt.Fprintln(stderr, problems.Error())
			failed = append(failed, fmt.Sprintf("%s: %s", name, problems.Count()))
			continue
		}
		msg := fmt.Sprintf("%s: valid", name)
		if *sources != "" {
			msg += ", every excerpt verbatim in the archives in " + *sources
		}
		fmt.Fprintln(stdout, msg)
	}
	if incident != "" && !found && len(failed) == 0 {
		return exit.Usagef("--incident (or KB_INCIDENT) %s: no file of %s is that incident", incident, path)
	}
	if len(failed) > 0 {
		return errors.New(strings.Join(failed, "; "))
	}
	return nil
}

func loadFlagged(name string, args []string, getenv func(string) string, stderr io.Writer, more func(*flag.FlagSet)) (*knowledge.Base, error) {
	fs := newFlagSet(name, stderr)
	if more != nil {
		more(fs)
	}
	path, err := parseKB(fs, args, getenv)
	if err != nil {
		return nil, err
	}
	return loadIncident(fs, path, getenv)
}

func kbStats(_ context.Context, args []string, getenv func(string) string, _ io.Reader, stdout, stderr io.Writer) error {
	b, err := loadFlagged("kb stats", args, getenv, stderr, nil)
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
	for c := range b.Citations() {
		cited[c.Source] = true
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

// kbExport writes the base in the format asked for. --format is required:
// a default would silently write one format to a file named for another.
func kbExport(_ context.Context, args []string, getenv func(string) string, _ io.Reader, stdout, stderr io.Writer) error {
	var format string
	b, err := loadFlagged("kb export", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&format, "format", "", "output format: "+strings.Join(export.Formats(), ", "))
	})
	if err != nil {
		return err
	}
	if format == "" {
		return exit.Usagef("kb export needs --format: %s", strings.Join(export.Formats(), ", "))
	}
	if err := export.Write(stdout, format, b); err != nil {
		if errors.Is(err, export.ErrUnknownFormat) {
			return exit.Usage(err)
		}
		return err
	}
	return nil
}

// kbGaps lists the most asked unanswered questions recorded by serve: in
// the file named, else in the shared store of STATE_URL, else in the file
// of GAPS_PATH.
func kbGaps(ctx context.Context, args []string, getenv func(string) string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("kb gaps", stderr)
	path := fs.String("gaps", "", "JSON Lines file of unanswered questions (default: the store of STATE_URL, else GAPS_PATH)")
	n := fs.Int("n", 20, "how many to list")
	fs.String("incident", "", "the incident of a knowledge folder whose questions to list, by id (default: KB_INCIDENT)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 1:
		return exit.Usagef("kb gaps takes one gaps file, got %d arguments: %s", len(pos), strings.Join(pos, " "))
	case len(pos) == 1:
		*path = pos[0]
	}
	if *n < 1 {
		return exit.Usagef("-n must be at least 1")
	}
	incident := kbIncident(fs, getenv)
	var top []gaps.Count
	switch stateURL := getenv("STATE_URL"); {
	case *path == "" && stateURL != "":
		if top, err = sharedGaps(ctx, stateURL, incident, *n); err != nil {
			return err
		}
	default:
		if *path == "" {
			*path = getenv("GAPS_PATH")
		}
		if *path == "" {
			return exit.Usage(errors.New("kb gaps needs the gaps file: kb gaps PATH, --gaps PATH or GAPS_PATH, the file serve records unanswered questions in (or STATE_URL, the store replicas share)"))
		}
		if _, err := os.Stat(*path); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("no gaps file at %s: serve creates it once GAPS_PATH names it and a question goes unanswered", *path)
		}
		g, err := gaps.Read(*path)
		if err != nil {
			return err
		}
		top = g.TopOf(incident, *n)
	}
	if len(top) == 0 {
		fmt.Fprintln(stdout, "No unanswered questions recorded.")
		return nil
	}
	_, err = io.WriteString(stdout, bot.Plain(bot.Answer{Title: "Unanswered questions, most asked first", Items: bot.GapItems(top), Page: 1, Pages: 1}))
	return err
}

// sharedGaps reads the n most asked unanswered questions from the store
// the replicas share.
func sharedGaps(ctx context.Context, rawURL, incident string, n int) ([]gaps.Count, error) {
	// The error says what failed; go-redis's own lines would repeat it.
	routeRedisLogs(slog.New(slog.DiscardHandler))
	store, err := state.Open(nil, nil, cliStateURL(rawURL))
	if err != nil {
		return nil, exit.Usage(err)
	}
	defer store.Close()
	top, err := store.TopGaps(ctx, incident, n)
	if err != nil {
		return nil, fmt.Errorf("reading unanswered questions from STATE_URL's store: %w", err)
	}
	return top, nil
}

// cliTimeout bounds each call of a command-line run to the shared store,
// unless STATE_URL sets read_timeout. serve's tens of milliseconds keep
// answers within the platforms' deadline; a one-off command has none, and
// its first call also dials (and for rediss:// shakes hands) within it.
const cliTimeout = "2s"

// cliStateURL is STATE_URL with cliTimeout as its read_timeout unless it
// sets one; a URL that does not parse is left for state.Open to refuse.
func cliStateURL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	q := u.Query()
	if q.Has("read_timeout") {
		return rawURL
	}
	q.Set("read_timeout", cliTimeout)
	u.RawQuery = q.Encode()
	return u.String()
}

// kbSynth writes a synthetic knowledge file, for benchmarks and load tests.
func kbSynth(_ context.Context, args []string, _ func(string) string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("kb synth", stderr)
	entries := fs.Int("entries", 1000, "events, quotes and claims in all")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same file")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return exit.Usagef("kb synth takes no arguments, got %q; it writes to standard output", pos[0])
	}
	if *entries < 3 || *entries > 1_000_000 {
		return exit.Usagef("--entries must be between 3 and 1000000")
	}
	data, err := synth.Generate(*entries, *seed)
	if err != nil {
		return err
	}
	_, err = stdout.Write(data)
	return err
}

// writeNew writes data to a file that must not exist yet.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// kbEval asks an admin's question set of the base and reports how /ask
// did (eval.Run, as the project's own evaluations): each question
// that went wrong, then the totals. It fails when the share of answerable
// questions that led right is under --min, or when a question the base
// must refuse was answered: the bar a base must clear before serving.
func kbEval(ctx context.Context, args []string, getenv func(string) string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("kb eval", stderr)
	kbFlag(fs)
	least := fs.Float64("min", 0.9, "the least share (0 to 1) of answerable questions whose lead must be right; any question that must be refused and is answered fails too")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `usage: incidentbot kb eval [--kb PATH] [--min 0.9] QUESTIONS.json

QUESTIONS.json is a JSON array of questions:
  {"q": "when did it happen?", "lead": ["phrase", "other acceptable phrase"], "why": "optional note"}
    a question the base answers: its lead is right when it holds any one
    phrase (case, white space and quotation marks aside)
  {"q": "what is the capital of France?", "lead": "none"}
    a question the base must refuse ("not_found": true is read alike)
  "lang": "ru" or "uk" asks a question in that language.

Each question that went wrong is printed with what /ask led with, then the
totals. The status is 1 when fewer than --min of the answerable questions
lead right, or when a question that must be refused is answered.

`)
		fs.PrintDefaults()
	}
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return exit.Usagef("kb eval takes one question file, e.g. incidentbot kb eval questions.json; got %d arguments", len(pos))
	}
	if *least < 0 || *least > 1 {
		return exit.Usagef("--min is a share from 0 to 1, such as 0.9; got %v", *least)
	}
	path, err := kbPath(fs, nil, getenv)
	if err != nil {
		return err
	}
	cases, err := eval.Read(pos[0])
	if err != nil {
		return err
	}
	base, err := loadIncident(fs, path, getenv)
	if err != nil {
		return err
	}
	r, err := eval.Run(ctx, bot.New(nil, base, bot.Config{}), cases)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(stdout, r.String()); err != nil {
		return err
	}
	var failed []string
	if share := r.AnswerableShare(); share < *least {
		failed = append(failed, fmt.Sprintf("%.1f %% of the answerable questions led right, under --min %.1f %%", 100*share, 100**least))
	}
	if n := r.Count(eval.Guessed); n > 0 {
		failed = append(failed, plural(n, "question")+" the base must refuse answered")
	}
	if len(failed) > 0 {
		return errors.New(strings.Join(failed, "; "))
	}
	return nil
}
