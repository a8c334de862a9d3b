// Package gaps is the log of what the bot could not answer: the
// questions it had nothing on, and readers' votes on the answers it gave,
// counted in memory and, when a path is given, appended to a JSON Lines
// file that survives restarts. It records no user identity: admins need
// to know what is missing, not who asked.
package gaps

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// Gap is a question the base had no answer to, or a reader's vote on an
// answer it gave. It records no user identity: admins need to know what
// is missing, not who asked.
type Gap struct {
	Time time.Time `json:"time"`
	// Incident is the label of the incident asked (its id, in a folder);
	// "" on a bot of one incident.
	Incident string `json:"incident,omitempty"`
	Command  string `json:"command"`
	Platform string `json:"platform"`
	Query    string `json:"query"`
	// Kind is empty for a question with no answer, Helpful or
	// Unhelpful for a vote on an answer that led with Lead.
	Kind string `json:"kind,omitempty"`
	Lead string `json:"lead,omitempty"`
}

// Kinds of a vote on an answer (Gap.Kind).
const (
	Helpful   = "helpful"
	Unhelpful = "unhelpful"
)

// Count is one distinct unanswered query and how often it was asked;
// or, with a Lead, one question and the entry its answer led with, and
// how often readers found that answer not helpful (Count) and helpful.
type Count struct {
	Incident       string
	Query, Command string
	Lead           string
	Count          int
	Helpful        int
	// Last is when it was last asked, or last found not helpful.
	Last time.Time
}

// maxGaps bounds the distinct queries kept in memory; the least asked,
// oldest ones go first.
const maxGaps = 1000

// MaxQuery bounds a recorded query (in characters), so a pasted essay
// costs one line.
const MaxQuery = 300

// Log records unanswered questions in memory and, when a path is given,
// appends them to a JSON Lines file that survives restarts.
type Log struct {
	mu     sync.Mutex
	counts map[string]*Count // by command + normalised query
	file   *os.File
}

// Open returns a log. With a non-empty path it first reads the
// gaps already recorded there (a file that does not exist yet is fine),
// then appends new ones to it.
func Open(path string) (*Log, error) {
	g := &Log{counts: map[string]*Count{}}
	if path == "" {
		return g, nil
	}
	kept, total, err := g.readFile(path)
	if err != nil {
		return nil, err
	}
	if total > len(kept) {
		// Keep the file bounded: rewrite it with the newest lines only.
		if err := rewrite(path, kept); err != nil {
			return nil, err
		}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening gaps file: %w", err)
	}
	g.file = f
	return g, nil
}

// Read reads a gaps file, for `incidentbot kb gaps`.
func Read(path string) (*Log, error) {
	g := &Log{counts: map[string]*Count{}}
	if _, _, err := g.readFile(path); err != nil {
		return nil, err
	}
	return g, nil
}

// maxLines bounds the gaps file: at start the newest lines are kept.
const maxLines = 10_000

// maxLine bounds one line; a longer one is not one this package wrote.
const maxLine = 4096

// readFile counts the newest maxLines well-formed lines of the file and
// returns them, with how many lines it had in all. A torn last line (a
// crash mid-write) or a foreign one is skipped, not fatal.
func (g *Log) readFile(path string) (kept [][]byte, total int, err error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("reading gaps file: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, maxLine)
	for {
		line, isPrefix, err := r.ReadLine()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, fmt.Errorf("reading gaps file: %w", err)
		}
		total++
		if isPrefix {
			for isPrefix && err == nil {
				_, isPrefix, err = r.ReadLine()
			}
			continue
		}
		kept = append(kept, bytes.Clone(line))
		if len(kept) > maxLines {
			kept = kept[1:]
		}
	}
	for _, line := range kept {
		var gap Gap
		if json.Unmarshal(line, &gap) == nil && gap.Query != "" {
			g.count(gap)
		}
	}
	return kept, total, nil
}

// rewrite replaces the file with lines, through a temporary file and a
// rename, so a crash leaves the old file or the new one.
func rewrite(path string, lines [][]byte) error {
	tmp := path + ".tmp"
	data := append(bytes.Join(lines, []byte("\n")), '\n')
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("compacting gaps file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("compacting gaps file: %w", err)
	}
	return nil
}

// Close closes the file, if any.
func (g *Log) Close() error {
	if g == nil || g.file == nil {
		return nil
	}
	return g.file.Close()
}

// Clip cuts a query to MaxQuery characters.
func Clip(q string) string {
	if r := []rune(q); len(r) > MaxQuery {
		return string(r[:MaxQuery])
	}
	return q
}

// Key is what counts two unanswered queries as one: the command and the
// query's words, in lower case.
func (g Gap) Key() string {
	if g.Incident != "" {
		return g.Incident + "\x00" + Gap{Command: g.Command, Lead: g.Lead, Query: g.Query}.Key()
	}
	return g.Command + "\x00" + g.Lead + "\x00" + strings.ToLower(strings.Join(strings.Fields(g.Query), " "))
}

// Record notes one unanswered query.
func (g *Log) Record(gap Gap) error {
	gap.Query = Clip(gap.Query)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.count(gap)
	if g.file == nil {
		return nil
	}
	line, err := json.Marshal(gap)
	if err != nil {
		return err
	}
	if _, err := g.file.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("writing gaps file: %w", err)
	}
	return nil
}

func (g *Log) count(gap Gap) {
	key := gap.Key()
	c, ok := g.counts[key]
	if !ok {
		if len(g.counts) >= maxGaps {
			g.evict()
		}
		c = &Count{Incident: gap.Incident, Query: gap.Query, Command: gap.Command, Lead: gap.Lead}
		g.counts[key] = c
	}
	if gap.Kind == Helpful {
		// Not a gap, but admins weigh the misses against it.
		c.Helpful++
		return
	}
	c.Count++
	if gap.Time.After(c.Last) {
		c.Last = gap.Time
	}
}

// evict drops the least asked, least recent tenth of the store.
func (g *Log) evict() {
	all := make([]string, 0, len(g.counts))
	for k := range g.counts {
		all = append(all, k)
	}
	slices.SortFunc(all, func(a, b string) int { return compare(g.counts[a], g.counts[b]) })
	for _, k := range all[len(all)-len(all)/10-1:] {
		delete(g.counts, k)
	}
}

// compare orders the most asked first, then the most recent.
func compare(a, b *Count) int {
	if a.Count != b.Count {
		return b.Count - a.Count
	}
	return b.Last.Compare(a.Last)
}

// Top returns the n most asked unanswered queries and most often
// unhelpful answers; answers only ever found helpful are not gaps.
func (g *Log) Top(n int) []Count { return g.TopOf("", n) }

// TopOf is Top for the incident labelled incident.
func (g *Log) TopOf(incident string, n int) []Count {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]Count, 0, len(g.counts))
	for _, c := range g.counts {
		if c.Count > 0 && c.Incident == incident {
			out = append(out, *c)
		}
	}
	Sort(out)
	return out[:max(0, min(n, len(out)))]
}

// Sort orders gap counts as Top returns them: the most asked first,
// then the most recent.
func Sort(gs []Count) {
	slices.SortFunc(gs, func(a, b Count) int { return compare(&a, &b) })
}
