// Package synth generates synthetic knowledge files of a given size, with
// the shape of a real one — people with aliases, events with partial dates,
// quotes with citations, claims with positions — for benchmarks and tests.
// The output is deterministic for a seed and valid under kb validate. It is
// never used to answer real questions.
package synth

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/incidentbot/incidentbot/knowledge"
)

var (
	firstNames = []string{"Anna", "Boris", "Clara", "Dmitry", "Elena", "Fyodor", "Galina", "Hugo", "Irina", "Jonas", "Katya", "Lev", "Maria", "Nikolai", "Olga", "Pavel", "Quentin", "Rosa", "Sergei", "Tanya"}
	lastNames  = []string{"Ivanova", "Petrov", "Smith", "Kowalski", "Novak", "Schmidt", "Moreau", "Rossi", "Jensen", "Horvat", "Popescu", "Dimitrov", "Nagy", "Silva", "Murphy"}
	cyrillic   = []string{"Анна", "Борис", "Клара", "Дмитрий", "Елена", "Фёдор", "Галина", "Гюго", "Ирина", "Йонас", "Катя", "Лев", "Мария", "Николай", "Ольга", "Павел", "Квентин", "Роза", "Сергей", "Таня"}
	roles      = []string{"spokesman", "minister", "analyst", "general", "governor", "ambassador", "correspondent", "senator"}
	orgs       = []string{"Ministry of Defence", "Foreign Office", "RAND", "the Kremlin", "the White House", "NATO", "Parliament", "City Council"}
	places     = []string{"Moscow", "Kyiv", "Belgorod", "Washington", "Warsaw", "Berlin", "Riga", "Odesa", "Kharkiv", "Minsk"}
	things     = []string{"drone", "pipeline", "bridge", "depot", "airfield", "border post", "power station", "railway", "port", "convoy"}
	verbs      = []string{"attacked", "damaged", "defended", "inspected", "closed", "reopened", "shelled", "evacuated", "blockaded", "secured"}
	media      = []string{"daily briefing", "Telegram channel", "TV interview", "tweet", "press conference", "radio interview"}
	outlets    = []string{"TASS", "Reuters", "CNBC", "The New York Times", "BBC", "Interfax"}
	statuses   = knowledge.Statuses
	stances    = knowledge.Stances
	topics     = []string{"attribution", "air-defence", "escalation", "diplomacy", "sabotage", "energy", "propaganda"}
)

// Generate returns a knowledge file of about entries entries (events,
// quotes and claims together), built from seed.
func Generate(entries int, seed uint64) ([]byte, error) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	nPeople := max(3, entries/20)
	nSources := max(1, entries/50)
	nEvents := max(1, entries*4/10)
	nQuotes := max(1, entries*4/10)
	nClaims := max(1, entries-nEvents-nQuotes)

	f := knowledge.File{Incident: knowledge.Incident{
		ID: "synthetic", Title: fmt.Sprintf("Synthetic incident of %d entries", entries),
		Summary: "Generated for benchmarks; not a real incident.", AsOf: knowledge.Date{Year: 2024, Month: 1, Day: 1},
	}}
	// Each source's text is the sentences cited from it, so every excerpt
	// is, by construction, in its source.
	for i := range nSources {
		s := knowledge.Source{ID: fmt.Sprintf("s%d", i), Title: fmt.Sprintf("Report %d on the %s", i, pick(things)), Language: "en"}
		if r.IntN(2) == 0 {
			s.Outlet = pick(outlets)
			s.Published = date(r)
		}
		f.Sources = append(f.Sources, s)
	}
	for i := range nPeople {
		first, last := r.IntN(len(firstNames)), pick(lastNames)
		name := firstNames[first] + " " + last
		role := pick(roles)
		p := knowledge.Person{
			ID: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("%s %d", name, i), Role: role, Organisation: pick(orgs),
			Aliases: []string{fmt.Sprintf("%s %d", last, i), fmt.Sprintf("%s %d", cyrillic[first], i), fmt.Sprintf("the %s %d", role, i)},
		}
		f.People = append(f.People, p)
	}
	sentence := func() string {
		return fmt.Sprintf("The %s near %s was %s on the night of the %s, officials said after %d hours.", pick(things), pick(places), pick(verbs), pick(topics), r.IntN(48)+1)
	}
	cite := func(text string) []knowledge.Citation {
		return []knowledge.Citation{{Source: fmt.Sprintf("s%d", r.IntN(nSources)), Excerpt: text}}
	}
	for i := range nEvents {
		text := sentence()
		e := knowledge.Event{
			ID: fmt.Sprintf("e%d", i), Date: date(r), Title: fmt.Sprintf("%s %s in %s", strings.ToUpper(pick(things)[:1])+pick(things)[1:], pick(verbs), pick(places)),
			Summary: text, Actors: []string{fmt.Sprintf("p%d", r.IntN(nPeople))}, Tags: []string{pick(topics)}, Citations: cite(text),
		}
		if r.IntN(4) == 0 {
			e.DateNote = "reported on"
		}
		f.Events = append(f.Events, e)
	}
	for i := range nQuotes {
		words := fmt.Sprintf("We will not forget what happened to the %s in %s", pick(things), pick(places))
		q := knowledge.Quote{
			ID: fmt.Sprintf("q%d", i), Speaker: fmt.Sprintf("p%d", r.IntN(nPeople)), Kind: knowledge.Direct, Text: words,
			Said: date(r), Medium: pick(media), Via: []string{pick(outlets)},
			Citations: cite(fmt.Sprintf("“%s,” the %s said.", words, pick(roles))),
		}
		if r.IntN(3) == 0 {
			q.Kind, q.Text = knowledge.Paraphrase, sentence()
		}
		f.Quotes = append(f.Quotes, q)
	}
	for i := range nClaims {
		c := knowledge.Claim{ID: fmt.Sprintf("c%d", i), Statement: fmt.Sprintf("%s was behind the %s in %s.", pick(places), pick(things), pick(places)), Status: pick(statuses), Tags: []string{pick(topics)}}
		for range 2 {
			text := sentence()
			c.Positions = append(c.Positions, knowledge.Position{Actor: fmt.Sprintf("p%d", r.IntN(nPeople)), Stance: pick(stances), Citations: cite(text)})
		}
		f.Claims = append(f.Claims, c)
	}
	return marshal(f)
}

// marshal writes the file one entry at a time: the YAML library's encoder
// slows down badly on one large document.
func marshal(f knowledge.File) ([]byte, error) {
	var b bytes.Buffer
	head, err := yaml.Marshal(map[string]knowledge.Incident{"incident": f.Incident})
	if err != nil {
		return nil, err
	}
	b.Write(head)
	var errs []error
	section := func(name string, n int, item func(int) any) {
		b.WriteString(name + ":\n")
		for i := range n {
			out, err := yaml.Marshal(item(i))
			errs = append(errs, err)
			for j, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
				if j == 0 {
					b.WriteString("  - " + line + "\n")
				} else {
					b.WriteString("    " + line + "\n")
				}
			}
		}
	}
	section("sources", len(f.Sources), func(i int) any { return f.Sources[i] })
	section("people", len(f.People), func(i int) any { return f.People[i] })
	section("events", len(f.Events), func(i int) any { return f.Events[i] })
	section("quotes", len(f.Quotes), func(i int) any { return f.Quotes[i] })
	section("claims", len(f.Claims), func(i int) any { return f.Claims[i] })
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("marshalling a generated file: %w", err)
	}
	return b.Bytes(), nil
}

func date(r *rand.Rand) knowledge.Date {
	d := knowledge.Date{Year: 2020 + r.IntN(5)}
	if r.IntN(5) > 0 {
		d.Month = 1 + r.IntN(12)
		if r.IntN(3) > 0 {
			d.Day = 1 + r.IntN(28)
		}
	}
	return d
}
