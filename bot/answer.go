package bot

import "github.com/incidentbot/incidentbot/knowledge"

// Answer is the one thing every adapter renders, so that Discord, Slack and
// the command line always say the same thing. It holds one page of items.
type Answer struct {
	// Command is the command that produced the answer, without the slash
	// ("who-said"); Query is the argument as the user typed it.
	Command, Query string
	// Title is a one-line heading ("Quotes by Dmitry Peskov").
	Title string
	// Intro is an optional sentence under the title. For a NotFound answer
	// it says what the base has nothing on and what it does cover.
	Intro string
	Items []Item
	// Page is 1-based; Pages is the number of pages, Total the number of
	// items on all of them.
	Page, Pages, Total int
	// NotFound marks "the base has no answer to this"; Items then holds what
	// the base does know nearby (may be empty), never a guess.
	NotFound bool
	// Help marks an answer that is usage text (for /help, an unknown
	// command or a missing argument); its Items carry no citations.
	Help bool
	// Private marks an answer only the asker should see, even where
	// replies are public: a refusal, a "slow down", an apology.
	Private bool

	// refs, when set, are the entries of every page, in order; Ask builds
	// Items for the requested page only, so a long timeline costs one page.
	refs []knowledge.Hit
}

// Item kinds.
const (
	KindEvent  = "event"
	KindQuote  = "quote"
	KindClaim  = "claim"
	KindSource = "source"
	KindHelp   = "help"
	// Kinds of the operational answers (/changes, /kb): about the base,
	// not from it, so they carry no citations.
	KindChange = "change"
	KindStatus = "status"
	KindGap    = "gap"
)

// Item is one cited entry of an answer.
type Item struct {
	Kind string
	ID   string
	// Heading is a short label: an event's title, a claim's statement, a
	// source's title, a command's usage.
	Heading string
	// Text is the body: an event's summary, a quote's words, a claim's
	// status line. Verbatim when Direct is true.
	Text string
	// Direct marks Text as a speaker's exact words, to be shown in quotation
	// marks; false for paraphrases and everything else.
	Direct bool
	// Speaker and Role say who said it (quotes); Date is human-readable and
	// includes any uncertainty note ("4 May 2023 (early Thursday)").
	Speaker, Role, Date string
	// Medium is where it was said (daily briefing, Telegram); Via is the
	// chain it reached the source through, nearest the speaker first.
	Medium string
	Via    []string
	// Context is a curator's note on the circumstances.
	Context string
	// Status and Positions apply to claims.
	Status    string
	Positions []Position
	Citations []Citation
}

// Position is one actor's stance on a claim.
type Position struct {
	Actor, Role, Stance string
	// Quote holds the actor's words when the position rests on a quote.
	Quote     string
	Direct    bool
	Citations []Citation
}

// Citation is where an item's words come from, with everything known of
// the source. Empty fields are unknown and must be shown as nothing, never
// filled in.
type Citation struct {
	SourceID, Title, Outlet, Author, Published, URL string
	Excerpt                                         string
}
