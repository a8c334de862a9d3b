// Package knowledge holds the curated knowledge base about one incident: the
// model, the YAML loader and validator, the full-text index and the embedded
// default base. It must not import any chat library (discordgo, slack-go) or
// the bot package.
package knowledge

import "strings"

// File is one knowledge file as written by admins. Field names and yaml tags
// are the file format; JSON export uses the same names.
type File struct {
	Incident Incident `yaml:"incident" json:"incident"`
	// The articles everything else cites.
	Sources []Source `yaml:"sources,omitempty" json:"sources"`
	// Anyone who speaks or acts: people and institutions alike.
	People []Person `yaml:"people,omitempty" json:"people"`
	// The timeline.
	Events []Event `yaml:"events,omitempty" json:"events"`
	// What people said, each with its citations.
	Quotes []Quote `yaml:"quotes,omitempty" json:"quotes"`
	// Contested statements and who stands where on them.
	Claims []Claim `yaml:"claims,omitempty" json:"claims"`
	// Russian and Ukrainian words for the English ones the sources use,
	// so that a question in either language finds the same passages.
	Glossary []Term `yaml:"glossary,omitempty" json:"glossary,omitempty"`
	// Words a question may use for words this incident's sources use,
	// which general English (the lemmatizer and thesaurus /ask reads
	// with) does not join: "delay" for "waited hours", "white house" for
	// the name the sources give it.
	Synonyms []Synonym `yaml:"synonyms,omitempty" json:"synonyms,omitempty"`
}

// Incident says what the file is about and when it was last curated.
type Incident struct {
	// An id: no spaces or slashes.
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
	// What happened, in a few neutral sentences.
	Summary string `yaml:"summary" json:"summary"`
	// When the file was last curated.
	AsOf Date `yaml:"as_of" json:"as_of"`
}

// Source is an article the base is built from. Short, Outlet, Author,
// Published and URL are optional and must never be invented.
type Source struct {
	// An id, unique among sources: no spaces or slashes.
	ID string `yaml:"id" json:"id"`
	// The article's title, or a descriptive one when it has none.
	Title string `yaml:"title" json:"title"`
	// Short is a name of a few words for compact answers ("Report on BBC
	// story"); answers fall back to the title.
	Short string `yaml:"short,omitempty" json:"short,omitempty"`
	// The outlet that published it; left out when not known.
	Outlet string `yaml:"outlet,omitempty" json:"outlet,omitempty"`
	// The author; left out when not known.
	Author string `yaml:"author,omitempty" json:"author,omitempty"`
	// When it was published: a date or a range; left out when not known.
	Published Date `yaml:"published,omitempty" json:"published,omitzero"`
	// An http or https link to it; left out when not known.
	URL string `yaml:"url,omitempty" json:"url,omitempty"`
	// The bare file name of a local copy of its text, which kb validate
	// --sources checks the excerpts against; never shown to readers (see
	// archive_url for a public archived copy).
	Archive string `yaml:"archive,omitempty" json:"archive,omitempty"`
	// A public archived copy of the article at a web archive, shown to
	// readers beside the URL: https://web.archive.org/web/<14-digit
	// timestamp>/<article URL> or https://archive.ph/<id> (also
	// archive.today, archive.is). Checked in form only, never fetched;
	// left out when not known.
	ArchiveURL string `yaml:"archive_url,omitempty" json:"archive_url,omitempty"`
	// Its language, such as en or ru.
	Language string `yaml:"language" json:"language"`
}

// Person is anyone or anything that can speak or act: people and
// institutions alike (a ministry, US officials).
type Person struct {
	// An id, unique among people: no spaces or slashes.
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
	// Their role as the sources give it.
	Role         string `yaml:"role,omitempty" json:"role,omitempty"`
	Organisation string `yaml:"organisation,omitempty" json:"organisation,omitempty"`
	// Other spellings, native script and ways readers refer to them.
	Aliases []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	// True for a group named in the plural ("House Democrats", "US
	// officials"), so that answers say "House Democrats assert".
	Group bool `yaml:"group,omitempty" json:"group,omitempty"`
}

// UnnamedMark ends the name of a person the sources describe but do not
// name ("Spokesman for the ministry (unnamed)"), as kb draft writes it.
const UnnamedMark = " (unnamed)"

// Named reports whether the sources name the person, rather than only
// describe them: an example to type should be someone a reader can name.
func (p Person) Named() bool { return !strings.HasSuffix(p.Name, UnnamedMark) }

// Event is one entry of the timeline.
type Event struct {
	// An id, unique among events: no spaces or slashes.
	ID string `yaml:"id" json:"id"`
	// When it happened: a date or a range, only as precise as the sources.
	Date Date `yaml:"date" json:"date"`
	// How the date was worked out, or how uncertain it is.
	DateNote string `yaml:"date_note,omitempty" json:"date_note,omitempty"`
	Title    string `yaml:"title" json:"title"`
	// One or two sentences.
	Summary string `yaml:"summary,omitempty" json:"summary,omitempty"`
	// Ids of the people who acted.
	Actors []string `yaml:"actors,omitempty" json:"actors,omitempty"`
	Tags   []string `yaml:"tags,omitempty" json:"tags,omitempty"`
	// At least one: the source and its verbatim words.
	Citations []Citation `yaml:"citations" json:"citations"`
}

// Quote kinds.
const (
	Direct     = "direct"
	Paraphrase = "paraphrase"
)

// Quote is something a person said. For a direct quote, Text is the exact
// words and must appear inside one of its citations' excerpts.
type Quote struct {
	// An id, unique among quotes: no spaces or slashes.
	ID string `yaml:"id" json:"id"`
	// The id of the person who said it.
	Speaker string `yaml:"speaker" json:"speaker"`
	// direct: Text is the exact words, inside one of the excerpts;
	// paraphrase: a faithful summary.
	Kind string `yaml:"kind" json:"kind"`
	Text string `yaml:"text" json:"text"`
	// When it was said: a date or a range.
	Said Date `yaml:"said,omitempty" json:"said,omitzero"`
	// How the date was worked out, or how uncertain it is.
	DateNote string `yaml:"date_note,omitempty" json:"date_note,omitempty"`
	// Where it was said: briefing, Telegram channel, TV interview, tweet.
	Medium string `yaml:"medium,omitempty" json:"medium,omitempty"`
	// The channels it reached the source through, nearest the speaker
	// first, as named in the text.
	Via []string `yaml:"via,omitempty" json:"via,omitempty"`
	// A line on the circumstances.
	Context string `yaml:"context,omitempty" json:"context,omitempty"`
	// At least one: the source and its verbatim words.
	Citations []Citation `yaml:"citations" json:"citations"`
}

// Claim is a contested statement and who stands where on it.
type Claim struct {
	// An id, unique among claims: no spaces or slashes.
	ID string `yaml:"id" json:"id"`
	// The claim, as one neutral sentence.
	Statement string `yaml:"statement" json:"statement"`
	// How far the sources establish it.
	Status string   `yaml:"status" json:"status"`
	Tags   []string `yaml:"tags,omitempty" json:"tags,omitempty"`
	// Who asserts, denies, doubts or assesses it.
	Positions []Position `yaml:"positions" json:"positions"`
}

// Stances a position may take.
var Stances = []string{"asserts", "denies", "doubts", "assesses"}

// Statuses a claim may have; a closed list so that a typo is caught.
var Statuses = []string{
	"alleged", "denied", "disputed", "unverified", "assessed-likely",
	"assessed-unlikely", "under-investigation", "confirmed", "refuted",
}

// Position is one actor's stance on a claim.
type Position struct {
	// The id of the person who takes it.
	Actor  string `yaml:"actor" json:"actor"`
	Stance string `yaml:"stance" json:"stance"`
	// The id of a quote by the same person, in their words.
	Quote string `yaml:"quote,omitempty" json:"quote,omitempty"`
	// At least one: the source and its verbatim words.
	Citations []Citation `yaml:"citations" json:"citations"`
}

// Citation ties an item to the verbatim words of a source.
type Citation struct {
	// The id of the source.
	Source string `yaml:"source" json:"source"`
	// The source's words, verbatim; "..." marks words left out.
	Excerpt string `yaml:"excerpt" json:"excerpt"`
}

// Term is one entry of the glossary: English words, and the Russian and
// Ukrainian words and phrases a question may use for them. Quotes and
// excerpts are never translated; only questions are read through it.
type Term struct {
	// The English words, as the sources use them ("bridge", "river").
	EN string `yaml:"en" json:"en"`
	// Russian words or phrases, each in any one form: every form of their
	// words matches, through the Snowball Russian stemmer.
	RU []string `yaml:"ru,omitempty" json:"ru,omitempty"`
	// Ukrainian words or phrases, in every form that should match: there
	// is no Ukrainian stemmer, so each form is listed.
	UK []string `yaml:"uk,omitempty" json:"uk,omitempty"`
}

// Synonym is one entry of the synonyms: the words or phrases a question
// may use, and the words this incident's sources use for them. A question
// that holds one is searched with the sources' words too, and a passage
// that holds those covers it.
type Synonym struct {
	// English words or phrases a question may use ("delay", "white
	// house"), each in any one form: "delayed" matches "delay".
	Ask []string `yaml:"ask" json:"ask"`
	// The sources' words for them, as the sources write them ("waited
	// hours"); each word is in an excerpt, a quote or a name of the file.
	Means string `yaml:"means" json:"means"`
}
