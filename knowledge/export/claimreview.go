package export

import (
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/knowledge"
)

// reviewerName names the Organization that authors every ClaimReview. It
// is deliberately generic and comes with no URL, which we must not invent:
// a newsroom that publishes these reviews should set its own name (and its
// own URL) here, since the reviews then speak for it.
const reviewerName = "incidentbot knowledge base"

// claimReview is schema.org's ClaimReview as used for fact-check markup.
type claimReview struct {
	Context       string `json:"@context"`
	Type          string `json:"@type"`
	Identifier    string `json:"identifier"`
	ClaimReviewed string `json:"claimReviewed"`
	ItemReviewed  claim  `json:"itemReviewed"`
	ReviewRating  rating `json:"reviewRating"`
	ReviewBody    string `json:"reviewBody,omitempty"`
	Author        thing  `json:"author"`
	DatePublished string `json:"datePublished,omitempty"`
	Keywords      string `json:"keywords,omitempty"`
}

type claim struct {
	Type       string         `json:"@type"`
	Author     []thing        `json:"author,omitempty"`
	Appearance []creativeWork `json:"appearance,omitempty"`
}

type rating struct {
	Type          string `json:"@type"`
	AlternateName string `json:"alternateName"`
}

// thing is a schema.org Person or Organization.
type thing struct {
	Type        string `json:"@type"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// creativeWork is one cited passage: the source's name and the verbatim
// excerpt, with whatever else of the source is known. The name is the
// curator's description of the source ("name", not "headline": the
// articles print no headline of their own).
type creativeWork struct {
	Type          string `json:"@type"`
	Name          string `json:"name"`
	Text          string `json:"text"`
	URL           string `json:"url,omitempty"`
	DatePublished string `json:"datePublished,omitempty"`
	Publisher     *thing `json:"publisher,omitempty"`
	// CreditText carries the byline as written: the base does not say
	// whether an author is a person or an organisation.
	CreditText string `json:"creditText,omitempty"`
	InLanguage string `json:"inLanguage,omitempty"`
}

// ClaimReview writes schema.org ClaimReview JSON-LD: an array with one
// review per claim. The claim's author is whoever asserts it, and no one
// when nobody does; its appearances are those positions' citations (all
// positions' when it has no author). The rating's alternateName is the
// claim's status, and reviewBody states every position with its evidence,
// attributed to the source that reports it. datePublished is the base's
// as_of date.
func ClaimReview(w io.Writer, b *knowledge.Base) error {
	out := []claimReview{}
	for i := range b.Claims {
		out = append(out, review(b, &b.Claims[i]))
	}
	return writeJSON(w, out)
}

func review(b *knowledge.Base, c *knowledge.Claim) claimReview {
	authors := claimAuthors(c)
	item := claim{Type: "Claim"}
	seen := map[string]bool{}
	for _, p := range c.Positions {
		if len(authors) > 0 && !slices.Contains(authors, p.Actor) {
			continue
		}
		if !seen[p.Actor] {
			seen[p.Actor] = true
			if len(authors) > 0 {
				item.Author = append(item.Author, actor(b, p.Actor))
			}
		}
		for _, cit := range p.Citations {
			item.Appearance = append(item.Appearance, appearance(b, cit))
		}
	}
	// One line per position: `Jane Roe doubts; Report …: “excerpt”`.
	// The excerpt is the source's words about the actor, not the actor's
	// own, so it is attributed to the source; the actor's words come only
	// from a quote of theirs.
	var body []string
	for _, p := range c.Positions {
		line := personName(b, p.Actor) + " " + p.Stance
		if q := b.Quote(p.Quote); q != nil {
			if q.Kind == knowledge.Direct {
				line += ", in their words: “" + q.Text + "”"
			} else {
				line += " (paraphrase): " + q.Text
			}
		}
		for _, cit := range p.Citations {
			line += "; " + source(b, cit.Source).Title + ": “" + cit.Excerpt + "”"
		}
		body = append(body, line)
	}
	return claimReview{
		Context:       "https://schema.org",
		Type:          "ClaimReview",
		Identifier:    c.ID,
		ClaimReviewed: c.Statement,
		ItemReviewed:  item,
		ReviewRating:  rating{Type: "Rating", AlternateName: c.Status},
		ReviewBody:    strings.Join(body, "\n"),
		Author:        thing{Type: "Organization", Name: reviewerName},
		DatePublished: isoDate(b.Incident.AsOf),
		Keywords:      strings.Join(c.Tags, ", "),
	}
}

// claimAuthors returns the actors who put the claim forward: those who
// assert it. One who only assesses it ("the connection is still under
// investigation") did not make the claim, and is never named its author.
func claimAuthors(c *knowledge.Claim) []string {
	var ids []string
	for _, p := range c.Positions {
		if p.Stance == "asserts" && !slices.Contains(ids, p.Actor) {
			ids = append(ids, p.Actor)
		}
	}
	return ids
}

func actor(b *knowledge.Base, id string) thing {
	p := b.Person(id)
	if p == nil {
		return thing{Type: "Organization", Name: id}
	}
	t := thing{Type: "Organization", Name: p.Name, Description: p.Role}
	if isIndividual(p) {
		t.Type = "Person"
	}
	return t
}

// isIndividual guesses whether an entry is one named person rather than an
// institution or a group: the model records no such kind. A personal name
// here is two or more capitalised words, not starting with "The", whose
// last word (the surname) is also an alias, as curators write for people
// ("Marek" for "Ivo Marek") and not for "United States". Everything
// else, including unnamed individuals, becomes an Organization; a "kind"
// field on knowledge.Person would make this exact.
func isIndividual(p *knowledge.Person) bool {
	words := strings.Fields(p.Name)
	if len(words) < 2 || words[0] == "The" {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return slices.Contains(p.Aliases, words[len(words)-1])
}

func appearance(b *knowledge.Base, c knowledge.Citation) creativeWork {
	s := source(b, c.Source)
	cw := creativeWork{
		Type:          "CreativeWork",
		Name:          s.Title,
		Text:          c.Excerpt,
		URL:           s.URL,
		DatePublished: isoDate(s.Published),
		CreditText:    s.Author,
		InLanguage:    s.Language,
	}
	if s.Outlet != "" {
		cw.Publisher = &thing{Type: "Organization", Name: s.Outlet}
	}
	return cw
}

// isoDate is a date as schema.org's datePublished takes it, an ISO 8601
// date; a range ("on or after 4 May 2023") has no such form and is left
// out rather than narrowed to a date nobody reported.
func isoDate(d knowledge.Date) string {
	if d.IsRange() {
		return ""
	}
	return d.String()
}
