// Command incidentbot answers questions about one news incident from a
// curated, cited knowledge base: on the command line, in Slack and in
// Discord.
package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"github.com/joho/godotenv"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/cite"
	"github.com/incidentbot/incidentbot/bot/gaps"
	"github.com/incidentbot/incidentbot/cmd/internal/exit"
	"github.com/incidentbot/incidentbot/knowledge"
)

// main is the process's part alone: .env, signals, os. Everything else is
// run's, which tests call with their own environment and streams.
func main() {
	// .env in the working folder sets the variables the process has not
	// set; a missing .env is normal. An empty value is skipped, so that
	// the empty lines of a copy of .env.example leave their variables
	// unset and serve's defaults apply (envconfig reads a variable that is
	// set but empty as its value, and "" is no whole number).
	vars, err := readDotEnv(".env")
	if err != nil {
		os.Exit(exit.Code("incidentbot", err, os.Stderr))
	}
	for k, v := range vars {
		if _, set := os.LookupEnv(k); !set && v != "" {
			os.Setenv(k, v)
		}
	}
	// serve takes SIGINT and SIGTERM to drain the requests in flight;
	// every other command is stopped by them at once, as by default:
	// trapped, they went unheeded by a kb validate reading a huge archive
	// and by timeout(1).
	ctx, stop := context.Background(), func() {}
	if len(os.Args) > 1 && os.Args[1] == "serve" {
		ctx, stop = signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	}
	err = run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exit.Code("incidentbot", err, os.Stderr))
}

// readDotEnv reads the variables of the .env file at name: none if there
// is no such file, an error if it is not valid. godotenv drops the whole
// file for one bad line, so a bad line stops the command rather than lose
// every setting; the error names the line but not its text, which is
// likely a token.
func readDotEnv(name string) (map[string]string, error) {
	src, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return parseDotEnv(name, src)
}

// parseDotEnv is readDotEnv's, for the bytes src of the file name.
func parseDotEnv(name string, src []byte) (map[string]string, error) {
	vars, err := godotenv.UnmarshalBytes(src)
	if err == nil {
		return vars, nil
	}
	// godotenv's error quotes the text and gives no line: the bad line is
	// the one after the longest run of first lines that parses (a quoted
	// value may span lines, so a shorter run can fail and a longer pass).
	lines := strings.SplitAfter(string(src), "\n")
	good := len(lines) - 1
	for good > 0 {
		if _, err := godotenv.Unmarshal(strings.Join(lines[:good], "")); err == nil {
			break
		}
		good--
	}
	what := "the line is not NAME=value"
	if strings.HasPrefix(err.Error(), "unterminated quoted value") {
		what = "a quoted value is never closed"
	}
	return nil, exit.Usagef("%s:%d: not valid: %s", name, good+1, what)
}

// command is the shape of run and of every command and kb verb it
// dispatches to. A command reads the environment through getenv and the
// standard streams through its arguments, never through os, with one
// exception: serve's settings, which envconfig reads from the process
// environment (readServeConfig), and tests set there.
type command func(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error

// subcommand is one entry of a command table: run's, or kb's.
type subcommand struct {
	name, usage string
	run         command
}

// subcommands is the command table: run dispatches on it and usage lists
// it (with the kb verbs from theirs); docs/platforms.md's "The command line"
// block is compared with usage by a test.
func subcommands() []subcommand {
	return []subcommand{
		{"ask", `ask [--kb PATH] [--page N] "<command line>"   answer one command as plain text (all pages, or page N)`, ask},
		{"console", "console [--kb PATH | PATH]                  answer commands typed at a prompt until EOF", console},
		{"kb", "", kb},
		{"serve", "serve [--kb PATH | PATH]                    run the Slack and Discord transports configured in the environment", serve},
		{"slack-manifest", "slack-manifest [--url https://HOST]         the Slack app manifest: Socket Mode, or HTTP mode at HOST (see docs/platforms.md, Add to Slack)", slackManifest},
		{"discord-register", "discord-register                            register the Discord commands with DISCORD_BOT_TOKEN (for HTTP mode; see docs/deploy.md)", discordRegister},
	}
}

// run is the one way in: main calls it with the process's arguments (less
// the program's name), environment and streams, and exit.Code turns the
// error it returns into the exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return exit.Usage(errors.New("missing command\n" + usage()))
	}
	for _, c := range subcommands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], getenv, stdin, stdout, stderr)
		}
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage())
		return nil
	}
	return exit.Usagef("unknown command %q\n%s", args[0], usage())
}

// usage lists every command and kb verb with its flags, one a line.
func usage() string {
	var lines [][2]string // the command's syntax, and what it does
	add := func(u string) {
		syntax, what, _ := strings.Cut(u, "  ")
		lines = append(lines, [2]string{"incidentbot " + syntax, strings.TrimSpace(what)})
	}
	for _, c := range subcommands() {
		if c.name != "kb" {
			add(c.usage)
			continue
		}
		for _, v := range kbVerbs() {
			add("kb " + v.usage)
		}
	}
	width := 0
	for _, l := range lines {
		width = max(width, len(l[0]))
	}
	var b strings.Builder
	b.WriteString("usage: incidentbot <command>\n\n")
	for _, l := range lines {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, l[0], l[1])
	}
	b.WriteString("\nThe knowledge file is the one given as --kb PATH or PATH, else KB_PATH, else the embedded base.\n")
	b.WriteString("A folder of knowledge files is one incident a file; --incident ID, else KB_INCIDENT, names the one to use.\n")
	return b.String()
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses flags wherever they stand among the arguments, so that
// one given after a command line (ask "/timeline" --kb x.yaml) is a flag,
// never part of the line, and returns the other arguments in order. "--"
// ends the flags. A bad flag is misuse, already printed by the flag
// package with the flags' usage.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, exit.Flags(err)
		}
		rest := fs.Args()
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// parseKB adds --kb to fs, parses args, and returns the knowledge file to
// load (see kbPath).
func parseKB(fs *flag.FlagSet, args []string, getenv func(string) string) (string, error) {
	kbFlag(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return "", err
	}
	return kbPath(fs, pos, getenv)
}

// kbFlag adds --kb and --incident to fs; kbPath and kbIncident read them.
func kbFlag(fs *flag.FlagSet) {
	fs.String("kb", "", "knowledge file, or folder of them (default: KB_PATH, else the embedded base)")
	fs.String("incident", "", "the incident of a knowledge folder to use, by id (default: KB_INCIDENT)")
}

// kbIncident is the incident a command's --incident names, else
// KB_INCIDENT; "" for the only one.
func kbIncident(fs *flag.FlagSet, getenv func(string) string) string {
	if f := fs.Lookup("incident"); f != nil && f.Value.String() != "" {
		return strings.TrimSpace(f.Value.String())
	}
	return strings.TrimSpace(getenv("KB_INCIDENT"))
}

// loadIncident loads the incident a command names (kbIncident) from the
// knowledge file or folder at path.
func loadIncident(fs *flag.FlagSet, path string, getenv func(string) string) (*knowledge.Base, error) {
	bases, err := loadBases(path, nil)
	if err != nil {
		return nil, err
	}
	return pickIncident(bases, kbIncident(fs, getenv), "--incident (or KB_INCIDENT)")
}

// kbPath decides, for every command that loads a knowledge base, which
// file it loads: the one named on its command line (--kb, or pos, the
// arguments of a command that takes the file as one), else KB_PATH, else
// "" for the embedded base. A file named both ways, or two files, is
// misuse: the file used must be the one meant.
func kbPath(fs *flag.FlagSet, pos []string, getenv func(string) string) (string, error) {
	var flagged *string
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "kb" {
			v := f.Value.String()
			flagged = &v
		}
	})
	switch {
	case len(pos) > 1:
		return "", exit.Usagef("%s takes one knowledge file, got %d arguments: %s", fs.Name(), len(pos), strings.Join(pos, " "))
	case len(pos) == 1 && flagged != nil && *flagged != pos[0]:
		return "", exit.Usagef("%s: give the knowledge file once, as --kb %s or as %s, not both", fs.Name(), *flagged, pos[0])
	case len(pos) == 1:
		return pos[0], nil
	case flagged != nil:
		return *flagged, nil
	}
	return getenv("KB_PATH"), nil
}

// readBase returns the name and bytes of the knowledge file at path, or of
// the embedded base when path is "". Every command reads a base through
// it, so that messages name a file alike (see knowledge.ReadFile).
func readBase(path string) (string, []byte, error) {
	if path == "" {
		return knowledge.DefaultName + " (embedded)", knowledge.DefaultData(), nil
	}
	if isFolder(path) {
		return "", nil, exit.Usagef("%s is a folder of knowledge files: give one file of it", path)
	}
	return knowledge.ReadFile(path)
}

// loadBase loads the file at path, or the embedded base when path is "",
// through snaps (nil for none: the commands other than serve keep no
// snapshots).
func loadBase(path string, snaps *knowledge.Snapshots) (*knowledge.Base, error) {
	name, data, err := readBase(path)
	if err != nil {
		return nil, err
	}
	defer collectOften()()
	return snaps.Load(name, data)
}

func ask(ctx context.Context, args []string, getenv func(string) string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("ask", stderr)
	kbFlag(fs)
	page := fs.Int("page", 0, "print only this page of the answer (default: all of it; a terminal has no message limits)")
	full := fs.Bool("full", false, "print every entry's details: the full date note, the context, every excerpt with its source")
	words, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		return exit.Usage(errors.New(`ask needs a command line, e.g. incidentbot ask "/timeline"`))
	}
	if *page < 0 {
		return exit.Usagef("--page must be 1 or more, got %d", *page)
	}
	path, err := kbPath(fs, nil, getenv)
	if err != nil {
		return err
	}
	engine, err := cliEngine(path, getenv)
	if err != nil {
		return err
	}
	req := bot.Request{Platform: "cli", Line: strings.Join(words, " "), Page: *page, Admin: true, Full: *full, Locale: cliLocale(getenv), Incident: kbIncident(fs, getenv)}
	a := engine.Ask(ctx, req)
	if *page > a.Pages {
		return exit.Usagef("there is no page %d: the answer has %s", *page, plural(a.Pages, "page"))
	}
	if *page == 0 {
		// The whole answer, as one page.
		for req.Page = 2; req.Page <= a.Pages; req.Page++ {
			a.Items = append(a.Items, engine.Ask(ctx, req).Items...)
		}
		a.Page, a.Pages = 1, 1
	}
	if _, err := io.WriteString(stdout, bot.Plain(a)); err != nil {
		return err
	}
	if a.Misuse {
		// The answer above says how to put it right; the status tells a
		// script that the line was not run.
		r, n := utf8.DecodeRuneInString(a.Title)
		return exit.Usage(errors.New(string(unicode.ToLower(r)) + a.Title[n:]))
	}
	return nil
}

// cliEngine answers for whoever runs the binary, who owns the knowledge
// file and so may run the admin commands (/kb status, /kb gaps). The gaps
// file named by GAPS_PATH is read, never written.
func cliEngine(kbPath string, getenv func(string) string) (*bot.Engine, error) {
	bases, err := loadBases(kbPath, nil)
	if err != nil {
		return nil, err
	}
	style, err := citeStyle(getenv("CITE_STYLE"))
	if err != nil {
		return nil, exit.Usage(err)
	}
	cfg := bot.Config{CiteStyle: style}
	if p := getenv("GAPS_PATH"); p != "" {
		if cfg.Gaps, err = gaps.Read(p); err != nil {
			return nil, err
		}
	}
	if !isFolder(kbPath) {
		return bot.New(nil, bases[0], cfg), nil
	}
	cfg.Folder = true
	for _, b := range bases {
		cfg.Incidents = append(cfg.Incidents, bot.Incident{Base: b})
	}
	return bot.New(nil, nil, cfg), nil
}

// citeStyle is the style CITE_STYLE names; empty is AP style.
func citeStyle(name string) (cite.Style, error) {
	if name == "" {
		name = "ap"
	}
	s, err := cite.Named(name)
	if err != nil {
		return nil, fmt.Errorf("CITE_STYLE: %w", err)
	}
	return s, nil
}

// plural says "1 page" or "2 pages".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func console(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("console", stderr)
	path, err := parseKB(fs, args, getenv)
	if err != nil {
		return err
	}
	incident := kbIncident(fs, getenv)
	engine, err := cliEngine(path, getenv)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, `Type a command such as /timeline or /help; "next" shows the next page, "details N" entry N in full, "cite N" entry N as a citation; end with Ctrl-D.`)
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var last bot.Request
	var shown bot.Answer // the last answer
	for {
		fmt.Fprint(stdout, "> ")
		if !sc.Scan() {
			fmt.Fprintln(stdout)
			return sc.Err()
		}
		line := strings.TrimSpace(sc.Text())
		// "cite" with a number is the entry shown; with anything else it
		// is the command /cite, the slash being optional.
		if verb, n, ok := strings.Cut(line, " "); ok && (verb == "details" || verb == "cite" && isNumber(n)) {
			ref, err := entryRef(shown, verb, n)
			if err != nil {
				fmt.Fprintln(stdout, err)
				continue
			}
			// The entry is the shown answer's incident's.
			req := bot.Request{Platform: "cli", Details: ref, Locale: cliLocale(getenv), Incident: cmp.Or(shown.Incident, incident)}
			if verb == "cite" {
				req.Details, req.Line = "", "/cite "+ref
			}
			fmt.Fprint(stdout, bot.Plain(engine.Ask(ctx, req)))
			continue
		}
		switch {
		case line == "":
			continue
		case line == "next" && last.Line == "":
			fmt.Fprintln(stdout, `Nothing to page through yet: type a command such as /timeline first, then "next".`)
			continue
		case line == "next" && last.Page >= shown.Pages:
			fmt.Fprintf(stdout, "That was the last page: the answer to %s has %s.\n", last.Line, plural(shown.Pages, "page"))
			continue
		case line == "next":
			last.Page++
		default:
			last = bot.Request{Platform: "cli", Line: line, Page: 1, Admin: true, Locale: cliLocale(getenv), Incident: incident}
		}
		a := engine.Ask(ctx, last)
		last.Page, shown = a.Page, a
		fmt.Fprint(stdout, bot.Plain(a))
		if ctx.Err() != nil {
			return nil
		}
	}
}

// entryRef finds the entry numbered n in the answer shown last, for the
// console's "details N" and "cite N" (verb).
func entryRef(a bot.Answer, verb, n string) (string, error) {
	want, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil {
		return "", fmt.Errorf("%s takes an entry's number, e.g. %s 2", verb, verb)
	}
	if a.Lead != nil && want == max(a.First, 1) && a.Lead.Ref != "" {
		return a.Lead.Ref, nil
	}
	for i, it := range a.Items {
		if a.Number(i) == want && it.Ref != "" {
			return it.Ref, nil
		}
	}
	return "", fmt.Errorf("no entry %d to show or cite in the answer shown; the entries are numbered in it", want)
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(strings.TrimSpace(s))
	return err == nil
}

// cliLocale is the language of the command line's answers, as POSIX
// chooses the language of messages: LC_ALL, then LC_MESSAGES, then LANG
// ("ru_RU.UTF-8" is Russian, "uk_UA.UTF-8" Ukrainian, anything else
// English).
func cliLocale(getenv func(string) string) string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := getenv(v); l != "" {
			return l
		}
	}
	return ""
}
