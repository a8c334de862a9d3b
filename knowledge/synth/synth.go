// Package synth generates synthetic knowledge files of a given size, for
// benchmarks and tests, that read statistically like a real one: the words
// of every text are drawn from a Zipf distribution over a real English word
// list (SCOWL, shipped in words.txt), and the entries come in stories of the
// default base's size, each with its own people (named in Latin and Cyrillic
// script), places, sources and tags, as a newsroom's years of incidents
// would. Field lengths follow the default base's. The output is
// deterministic for a seed and valid under kb validate. It is never used to
// answer real questions. It must not import the bot package or a chat
// library.
package synth

import (
	_ "embed"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/incidentbot/incidentbot/knowledge"
)

var (
	//go:embed words.txt
	wordsFile string
	//go:embed names.txt
	namesFile string
)

// storySize is the default base's number of entries: one generated story
// is one incident's worth of events, quotes and claims.
const storySize = 64

// zipfS is the Zipf exponent of word ranks. Real text has about 1; the
// generator needs more than 1, and 1.05 gives about as many distinct stems
// at 100,000 entries as Heaps' law predicts for news of that length.
const zipfS = 1.05

var (
	media     = []string{"daily briefing", "Telegram channel", "TV interview", "tweet", "press conference", "radio interview", "statement on its website", "interview with reporters"}
	mastheads = []string{"Times", "Post", "Herald", "News", "Gazette", "Daily", "Courier", "Observer"}
)

// lists are the shipped word lists: words by commonness (SCOWL's size
// levels, commonest first, shuffled within a level by a fixed seed so that
// the ranking is the same for every generated file) and proper names.
var lists = sync.OnceValues(func() (words, names []string) {
	r := rand.New(rand.NewPCG(1, 2))
	var level []string
	flush := func() {
		r.Shuffle(len(level), func(i, j int) { level[i], level[j] = level[j], level[i] })
		words = append(words, level...)
		level = nil
	}
	for _, line := range strings.Split(wordsFile, "\n") {
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "= "):
			flush()
		default:
			level = append(level, line)
		}
	}
	flush()
	for _, line := range strings.Split(namesFile, "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			names = append(names, line)
		}
	}
	return words, names
})

// gen is one generation: its random source and the file being built.
type gen struct {
	r            *rand.Rand
	zipf         *rand.Zipf
	words, names []string
	f            knowledge.File
	sb           strings.Builder
}

// Generate returns a knowledge file of entries entries (events, quotes and
// claims together), built from seed.
func Generate(entries int, seed uint64) ([]byte, error) {
	if entries < 3 {
		return nil, fmt.Errorf("a knowledge file needs at least 3 entries (an event, a quote and a claim); asked for %d", entries)
	}
	words, names := lists()
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	g := &gen{r: r, zipf: rand.NewZipf(r, zipfS, 1, uint64(len(words)-1)), words: words, names: names}
	g.f.Incident = knowledge.Incident{
		ID: "synthetic", Title: fmt.Sprintf("Synthetic base of %d entries", entries),
		Summary: "Generated for benchmarks; not a real incident.", AsOf: knowledge.Date{Year: 2025, Month: 1, Day: 1},
	}
	for done := 0; done < entries; done += storySize {
		g.story(min(storySize, entries-done))
	}
	return knowledge.Marshal(&g.f, nil), nil
}

// story is one incident's cast and entries, in the default base's
// proportions: 10 events, 41 quotes and 13 claims in 64.
type story struct {
	people, places, tags, sources, outlets []string
	names                                  []string // the people's surnames and the places, to mix into text
	quotesBy                               map[string][]string
	day                                    knowledge.Date
}

func (g *gen) story(entries int) {
	s := story{quotesBy: map[string][]string{}, day: knowledge.Date{Year: 2015 + g.r.IntN(10), Month: 1 + g.r.IntN(12), Day: 1 + g.r.IntN(20)}}
	for range 2 + g.r.IntN(3) {
		s.places = append(s.places, g.name())
	}
	s.names = append(s.names, s.places...)
	for range 2 + g.r.IntN(3) {
		s.tags = append(s.tags, g.word(100))
	}
	for range 1 + entries/32 {
		id := fmt.Sprintf("s%d", len(g.f.Sources))
		src := knowledge.Source{ID: id, Title: g.text(4, 10, s.names), Language: "en"}
		if g.r.IntN(2) == 0 {
			src.Outlet = g.name() + " " + pick(g.r, mastheads)
			src.Published = g.date(s.day, 30)
			s.outlets = append(s.outlets, src.Outlet)
		}
		g.f.Sources = append(g.f.Sources, src)
		s.sources = append(s.sources, id)
	}
	for range max(2, entries*16/storySize) {
		first, last := g.name(), g.name()
		id := fmt.Sprintf("p%d", len(g.f.People))
		p := knowledge.Person{
			ID: id, Name: first + " " + last, Role: g.text(1, 5, nil),
			Aliases: []string{last, cyrillic(first + " " + last), cyrillic(last)},
		}
		p.Role = strings.ToLower(p.Role[:1]) + strings.TrimSuffix(p.Role[1:], ".")
		if g.r.IntN(3) > 0 {
			p.Organisation = capitalise(g.word(50)) + " " + g.name()
		}
		if g.r.IntN(2) == 0 {
			p.Aliases = append(p.Aliases, first[:1]+". "+last)
		}
		g.f.People = append(g.f.People, p)
		s.people = append(s.people, id)
		s.names = append(s.names, last)
	}
	nEvents, nClaims := max(1, (entries*10+32)/storySize), max(1, (entries*13+32)/storySize)
	if entries < 3 {
		nEvents, nClaims = 0, 0 // the last story's odd one or two entries
	}
	for range nEvents {
		g.event(&s)
	}
	for range entries - nEvents - nClaims {
		g.quote(&s)
	}
	for range nClaims {
		g.claim(&s)
	}
}

func (g *gen) event(s *story) {
	e := knowledge.Event{
		ID: fmt.Sprintf("e%d", len(g.f.Events)), Date: g.date(s.day, 20),
		Title: strings.TrimSuffix(g.text(4, 12, s.names), "."), Summary: g.text(12, 40, s.names),
		Tags: g.some(s.tags, 2, 4),
	}
	if g.r.IntN(5) == 0 {
		e.DateNote = strings.ToLower(g.text(4, 14, nil))
	}
	for range g.r.IntN(3) {
		e.Actors = append(e.Actors, pick(g.r, s.people))
	}
	e.Actors = unique(e.Actors)
	for range 1 + g.r.IntN(3) {
		e.Citations = append(e.Citations, knowledge.Citation{Source: pick(g.r, s.sources), Excerpt: g.text(8, 26, s.names)})
	}
	g.f.Events = append(g.f.Events, e)
}

func (g *gen) quote(s *story) {
	// A few people say most of a story's quotes, as in the default base.
	speaker := s.people[min(len(s.people)-1, int(g.r.ExpFloat64()*3))]
	q := knowledge.Quote{
		ID: fmt.Sprintf("q%d", len(g.f.Quotes)), Speaker: speaker, Kind: knowledge.Direct,
		Text: g.text(4, 24, s.names),
	}
	if g.r.IntN(10) > 0 {
		q.Said = g.date(s.day, 20)
	}
	if g.r.IntN(5) == 0 {
		q.DateNote = strings.ToLower(g.text(4, 14, nil))
	}
	if g.r.IntN(10) < 7 {
		q.Medium = pick(g.r, media)
	}
	if g.r.IntN(2) == 0 && len(s.outlets) > 0 {
		q.Via = []string{pick(g.r, s.outlets)}
	}
	if g.r.IntN(10) < 7 {
		q.Context = g.text(4, 18, s.names)
	}
	excerpt := g.text(8, 26, s.names)
	if g.r.IntN(2) == 0 {
		// A direct quote's words are, by construction, inside its excerpt.
		excerpt = fmt.Sprintf("%s “%s” %s", g.text(2, 6, s.names), q.Text, g.text(2, 6, s.names))
	} else {
		q.Kind = knowledge.Paraphrase
	}
	q.Citations = []knowledge.Citation{{Source: pick(g.r, s.sources), Excerpt: excerpt}}
	g.f.Quotes = append(g.f.Quotes, q)
	s.quotesBy[speaker] = append(s.quotesBy[speaker], q.ID)
}

func (g *gen) claim(s *story) {
	c := knowledge.Claim{
		ID: fmt.Sprintf("c%d", len(g.f.Claims)), Statement: g.text(8, 24, s.names),
		Status: pick(g.r, knowledge.Statuses), Tags: g.some(s.tags, 1, 4),
	}
	for range 1 + g.r.IntN(4) {
		actor := pick(g.r, s.people)
		p := knowledge.Position{Actor: actor, Stance: pick(g.r, knowledge.Stances)}
		if qs := s.quotesBy[actor]; len(qs) > 0 && g.r.IntN(10) > 0 {
			p.Quote = pick(g.r, qs)
		}
		for range 1 + g.r.IntN(4)/3 {
			p.Citations = append(p.Citations, knowledge.Citation{Source: pick(g.r, s.sources), Excerpt: g.text(8, 26, s.names)})
		}
		c.Positions = append(c.Positions, p)
	}
	g.f.Claims = append(g.f.Claims, c)
}

// word draws a word by the Zipf distribution, among all but the from
// commonest ones (tags and organisations are not "the" or "of").
func (g *gen) word(from int) string {
	for {
		if i := int(g.zipf.Uint64()); i >= from {
			return g.words[i]
		}
	}
}

// name draws a proper name, uniformly: names are what tells stories apart.
func (g *gen) name() string { return pick(g.r, g.names) }

// text is a sentence of lo to hi words, about one in ten of them one of
// names (the story's people and places).
func (g *gen) text(lo, hi int, names []string) string {
	n := lo + g.r.IntN(hi-lo+1)
	g.sb.Reset()
	for i := range n {
		w := g.words[g.zipf.Uint64()]
		if len(names) > 0 && g.r.IntN(10) == 0 {
			w = pick(g.r, names)
		}
		if i == 0 {
			g.sb.WriteString(capitalise(w))
			continue
		}
		g.sb.WriteByte(' ')
		g.sb.WriteString(w)
		if i < n-1 && g.r.IntN(12) == 0 {
			g.sb.WriteByte(',')
		}
	}
	g.sb.WriteByte('.')
	return g.sb.String()
}

// some picks lo to hi distinct items of xs.
func (g *gen) some(xs []string, lo, hi int) []string {
	var out []string
	for range lo + g.r.IntN(hi-lo+1) {
		out = append(out, pick(g.r, xs))
	}
	return unique(out)
}

// date is a day, month or year within spread days of the story's day,
// as precise as the default base's dates: mostly whole dates.
func (g *gen) date(around knowledge.Date, spread int) knowledge.Date {
	d := around
	d.Day += g.r.IntN(spread / 2)
	for d.Day > 28 {
		d.Day -= 28
		if d.Month++; d.Month > 12 {
			d.Month, d.Year = 1, d.Year+1
		}
	}
	switch g.r.IntN(10) {
	case 0:
		d.Day = 0
	case 1:
		d.Month, d.Day = 0, 0
	}
	return d
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func unique(xs []string) []string {
	var out []string
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func capitalise(w string) string {
	if w == "" {
		return w
	}
	return string(unicode.ToUpper(rune(w[0]))) + w[1:]
}

// translit spells a Latin name in Cyrillic letter by letter, as a Russian
// paper would write a foreign name (near enough for a benchmark).
var translit = strings.NewReplacer(
	"sh", "ш", "ch", "ч", "zh", "ж", "kh", "х", "ts", "ц", "ya", "я", "yu", "ю", "yo", "ё",
	"Sh", "Ш", "Ch", "Ч", "Zh", "Ж", "Kh", "Х", "Ts", "Ц", "Ya", "Я", "Yu", "Ю", "Yo", "Ё",
	"a", "а", "b", "б", "c", "к", "d", "д", "e", "е", "f", "ф", "g", "г", "h", "х", "i", "и",
	"j", "дж", "k", "к", "l", "л", "m", "м", "n", "н", "o", "о", "p", "п", "q", "к", "r", "р",
	"s", "с", "t", "т", "u", "у", "v", "в", "w", "в", "x", "кс", "y", "и", "z", "з",
	"A", "А", "B", "Б", "C", "К", "D", "Д", "E", "Е", "F", "Ф", "G", "Г", "H", "Х", "I", "И",
	"J", "Дж", "K", "К", "L", "Л", "M", "М", "N", "Н", "O", "О", "P", "П", "Q", "К", "R", "Р",
	"S", "С", "T", "Т", "U", "У", "V", "В", "W", "В", "X", "Кс", "Y", "И", "Z", "З",
)

func cyrillic(latin string) string { return translit.Replace(latin) }
