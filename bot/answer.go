package bot

import "github.com/incidentbot/incidentbot/knowledge"

// Answer is the one thing every adapter renders, so that Discord, Slack and
// the command line always say the same thing. It holds one page of items,
// laid out here: which lines an item shows, in which order and with which
// labels is decided in this package, and the adapters only translate it
// into their markup.
type Answer struct {
	// Command is the command that produced the answer, without the slash
	// ("who-said"); Query is the argument as the user typed it.
	Command, Query string
	// Title is a one-line heading ("Jane Smith, ministry spokeswoman").
	Title string
	// Intro is an optional sentence under the title. For a NotFound answer
	// it says what the base has nothing on and what it does cover.
	Intro string
	// Lead is the passage that answers the question (/ask, /check), shown
	// first and whole; Items then follow it as "more".
	Lead  *Item
	Items []Item
	// Page is 1-based; Pages is the number of pages, Total the number of
	// items on all of them, and First the number of this page's first item.
	Page, Pages, Total, First int
	// NotFound marks "the base has no answer to this"; Items then holds what
	// the base does know nearby (may be empty), never a guess.
	NotFound bool
	// Help marks an answer that is usage text (for /help, an unknown
	// command or a missing argument); its Items carry no citations.
	Help bool
	// Misuse marks an answer to a command line that could not be run as
	// typed (an unknown command, a missing argument, a date that does not
	// exist): Help is set and the answer says how to put it right. The
	// command line exits with a failure for it.
	Misuse bool
	// Private marks an answer only the asker should see, even where
	// replies are public: a refusal, a "slow down", an apology, details.
	Private bool
	// Locale is the language of the bot's own words in the answer (en,
	// ru or uk); adapters label their controls in it with T.
	Locale string
	// Incident is the id of the incident that answered and IncidentTitle
	// its title, short, when more than one is loaded: the footer names
	// it, and every control carries the id in its state (Request.Incident)
	// so that it answers from the same incident on any replica. Both are
	// empty on a bot of one incident.
	Incident, IncidentTitle string

	// list is what a command lists, on every page; paging lays out the
	// Items of the page asked for from it.
	list list
}

// list is what a command's answer lists, on every page: how many entries,
// how many a page holds, and how to lay out the entries lo to hi (with
// their details, for `ask --full`). Paging lays out the page shown only, so
// that a long timeline costs one page. A command makes it with
// answerer.entries (the base's entries) or answerer.items (items it has
// built: /help's, /kb's).
type list struct {
	n, size int
	lay     func(lo, hi int, full bool) []Item
}

// paginate cuts the page'th page (1-based, kept within the pages there
// are) out of an answer's list and lays out its items; full fills in their
// details. Every command's answer is paged by it.
func paginate(a Answer, page int, full bool) Answer {
	n := a.list.n
	size := a.list.size
	if size == 0 {
		size = PageSize
	}
	if a.Help || a.Lead != nil {
		// Usage text is short and reads best whole; an answer with a
		// lead is the lead and a few lines.
		size = max(n, 1)
	}
	a.Total = n
	a.Pages = max(1, (n+size-1)/size)
	a.Page = min(max(page, 1), a.Pages)
	lo, hi := (a.Page-1)*size, min(a.Page*size, n)
	a.First = lo + 1
	a.Items = nil
	if a.list.lay != nil {
		a.Items = a.list.lay(lo, hi, full)
	}
	// The answer goes to an adapter; its list, which holds the request's
	// base, goes no further.
	a.list = list{}
	return a
}

// Item kinds: the knowledge base's entry kinds, defined there once, and
// the kinds of the bot's own answers.
const (
	KindEvent  = knowledge.KindEvent
	KindQuote  = knowledge.KindQuote
	KindClaim  = knowledge.KindClaim
	KindSource = knowledge.KindSource
	KindHelp   = "help"
	// Kinds of the operational answers (/changes, /kb): about the base,
	// not from it, so they carry no citations.
	KindChange = "change"
	KindStatus = "status"
	KindGap    = "gap"
)

// Item is one entry of an answer as every platform shows it, in this
// order: the heading (with the claim status beside it), the words, the
// lines, the meta line, then the details (notes and excerpts), which only
// a details view or `ask --full` fills in.
type Item struct {
	Kind string
	// Ref names the entry ("quote/smith-denial") for a Details
	// control; empty when there is nothing more to show.
	Ref string
	// Heading is one short line: an event's date and title, a claim's
	// statement, a source's name, a command's usage.
	Heading string
	// Status is a claim's status ("disputed").
	Status string
	// Words is the body, with how to mark it.
	Words Words
	// Lines are further lines: a claim's positions, as sentences.
	Lines []Words
	// Meta is one short line saying who, when, where and from which
	// source: "Jane Smith, ministry spokeswoman · 3–4 May 2023 · daily
	// briefing · Doubts commentary".
	Meta string
	// Notes and Excerpts are the details: the curator's full date note,
	// the context, the via-chain, and every excerpt with its source.
	Notes    []Note
	Excerpts []Excerpt
}

// Words are words shown with what they are: a speaker's or a source's
// exact words (in quotation marks), a paraphrase (marked as one), or the
// bot's own text. Who, when present, leads them as a subject: "US
// officials assess: …".
type Words struct {
	Who  string
	Text string
	Mark Mark
}

// Mark says how words are to be shown.
type Mark int

// Marks.
const (
	// MarkNone is the bot's or the curator's own text.
	MarkNone Mark = iota
	// MarkExact is a speaker's words, verbatim: in quotation marks.
	MarkExact
	// MarkParaphrase is a paraphrase of what someone said: marked as one.
	MarkParaphrase
	// MarkCited is a source's own words, verbatim: shown as a block quote
	// (they may hold quotation marks of their own).
	MarkCited
	// MarkCopy is text to be copied as it stands (a /cite citation): shown
	// unformatted, in a code block where the platform has one.
	MarkCopy
)

// ParaphraseLabel is the marker every platform puts before a paraphrase.
const ParaphraseLabel = "paraphrase"

// Markup is how a platform writes marked words; each adapter has one, so
// that what a mark means is decided here once and only the markup
// differs.
type Markup struct {
	// Escape makes text mean exactly what it says in the markup.
	Escape func(string) string
	// Strong sets escaped text in bold.
	Strong func(string) string
	// Paraphrase marks escaped text as a paraphrase, in the reader's
	// locale.
	Paraphrase func(loc, text string) string
	// Cited and Copy take the raw text, since a block quote or a copy
	// escapes it in its own way.
	Cited, Copy func(string) string
}

// Show writes w in m: a speaker's exact words in quotation marks, a
// paraphrase marked, a source's words as a block quote, each after its
// subject ("US officials assess:").
func (w Words) Show(m Markup, loc string) string {
	text := m.Escape(w.Text)
	switch w.Mark {
	case MarkExact:
		text = "“" + text + "”"
	case MarkParaphrase:
		text = m.Paraphrase(loc, text)
	case MarkCited:
		text = m.Cited(w.Text)
	case MarkCopy:
		text = m.Copy(w.Text)
	}
	switch {
	case w.Who == "":
		return text
	case w.Text == "":
		return m.Strong(m.Escape(w.Who)) + "."
	case w.Mark == MarkCited:
		return m.Strong(m.Escape(w.Who)+":") + "\n" + text
	}
	return m.Strong(m.Escape(w.Who)+":") + " " + text
}

// Note is a labelled line of an item's details ("Date: …").
type Note struct{ Label, Text string }

// Excerpt is a source's verbatim words, with the source named in full.
type Excerpt struct {
	// About says which part of the entry the excerpt supports, when an
	// entry has several (a claim's positions): "Jane Smith asserts".
	About string
	Text  string
	// Source is the source's full title with what else is known of it;
	// URL is its link when known, and Archived a link to a public
	// archived copy when known.
	Source, URL, Archived string
}

// Number is the number Items[i] is shown with, which a console's
// "details N" takes; the lead, when there is one, is number First.
func (a Answer) Number(i int) int {
	n := max(a.First, 1) + i
	if a.Lead != nil {
		n++
	}
	return n
}

// HasDetails reports whether the item has details filled in.
func (it Item) HasDetails() bool { return len(it.Notes) > 0 || len(it.Excerpts) > 0 }
