// Package knowledge holds the curated knowledge base about one incident: the
// model, the YAML loader and validator, the full-text index and the embedded
// default base. It must not import any chat library (discordgo, slack-go) or
// the bot package.
package knowledge

// File is one knowledge file as written by admins. Field names and yaml tags
// are the file format; JSON export uses the same names.
type File struct {
	Incident Incident `yaml:"incident" json:"incident"`
	Sources  []Source `yaml:"sources" json:"sources"`
	People   []Person `yaml:"people" json:"people"`
	Events   []Event  `yaml:"events" json:"events"`
	Quotes   []Quote  `yaml:"quotes" json:"quotes"`
	Claims   []Claim  `yaml:"claims" json:"claims"`
}

// Incident says what the file is about and when it was last curated.
type Incident struct {
	ID      string `yaml:"id" json:"id"`
	Title   string `yaml:"title" json:"title"`
	Summary string `yaml:"summary" json:"summary"`
	AsOf    Date   `yaml:"as_of" json:"as_of"`
}

// Source is an article the base is built from. Short, Outlet, Author,
// Published and URL are optional and must never be invented.
type Source struct {
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
	// Short is a name of a few words for compact answers ("Report on NYT
	// story"); answers fall back to the title.
	Short     string `yaml:"short,omitempty" json:"short,omitempty"`
	Outlet    string `yaml:"outlet,omitempty" json:"outlet,omitempty"`
	Author    string `yaml:"author,omitempty" json:"author,omitempty"`
	Published Date   `yaml:"published,omitempty" json:"published,omitzero"`
	URL       string `yaml:"url,omitempty" json:"url,omitempty"`
	Archive   string `yaml:"archive,omitempty" json:"archive,omitempty"`
	Language  string `yaml:"language" json:"language"`
}

// Person is anyone or anything that can speak or act: people and
// institutions alike (the Kremlin, US officials).
type Person struct {
	ID           string   `yaml:"id" json:"id"`
	Name         string   `yaml:"name" json:"name"`
	Role         string   `yaml:"role,omitempty" json:"role,omitempty"`
	Organisation string   `yaml:"organisation,omitempty" json:"organisation,omitempty"`
	Aliases      []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
}

// Event is one entry of the timeline.
type Event struct {
	ID        string     `yaml:"id" json:"id"`
	Date      Date       `yaml:"date" json:"date"`
	DateNote  string     `yaml:"date_note,omitempty" json:"date_note,omitempty"`
	Title     string     `yaml:"title" json:"title"`
	Summary   string     `yaml:"summary,omitempty" json:"summary,omitempty"`
	Actors    []string   `yaml:"actors,omitempty" json:"actors,omitempty"`
	Tags      []string   `yaml:"tags,omitempty" json:"tags,omitempty"`
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
	ID        string     `yaml:"id" json:"id"`
	Speaker   string     `yaml:"speaker" json:"speaker"`
	Kind      string     `yaml:"kind" json:"kind"`
	Text      string     `yaml:"text" json:"text"`
	Said      Date       `yaml:"said,omitempty" json:"said,omitzero"`
	DateNote  string     `yaml:"date_note,omitempty" json:"date_note,omitempty"`
	Medium    string     `yaml:"medium,omitempty" json:"medium,omitempty"`
	Via       []string   `yaml:"via,omitempty" json:"via,omitempty"`
	Context   string     `yaml:"context,omitempty" json:"context,omitempty"`
	Citations []Citation `yaml:"citations" json:"citations"`
}

// Claim is a contested statement and who stands where on it.
type Claim struct {
	ID        string     `yaml:"id" json:"id"`
	Statement string     `yaml:"statement" json:"statement"`
	Status    string     `yaml:"status" json:"status"`
	Tags      []string   `yaml:"tags,omitempty" json:"tags,omitempty"`
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
	Actor     string     `yaml:"actor" json:"actor"`
	Stance    string     `yaml:"stance" json:"stance"`
	Quote     string     `yaml:"quote,omitempty" json:"quote,omitempty"`
	Citations []Citation `yaml:"citations" json:"citations"`
}

// Citation ties an item to the verbatim words of a source.
type Citation struct {
	Source  string `yaml:"source" json:"source"`
	Excerpt string `yaml:"excerpt" json:"excerpt"`
}
