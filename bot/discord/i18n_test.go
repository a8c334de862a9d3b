package discord

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/bot/internal/bottest"
)

// inLocale is an interaction as a Discord client set to locale sends it.
func inLocale(t *testing.T, body []byte, locale string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	m["locale"] = locale
	return mustJSON(m)
}

// englishLabels are labels that must not be left in English in an answer
// for a Russian or Ukrainian client.
var englishLabels = regexp.MustCompile(`Details, sources and citations|Post to channel|"Previous"|"Next"|\(paraphrase\)|What the sources say|The sources are in English|Status:|\bdisputed\b|\basserts\b`)

// TestGoldenLocalized pins answers to Russian and Ukrainian clients: every
// label in their language, the quotes and excerpts in English as the
// sources print them, with a note saying so.
func TestGoldenLocalized(t *testing.T) {
	h := fixtureInteractions(t)
	for _, tt := range []struct {
		name, locale string
		body         []byte
		english      []byte // the same question in English, whose quote must be kept
	}{
		{"ask-ru", "ru", slashJSON("ask", map[string]string{"question": "кто стоит за атакой на Кремль?"}), slashJSON("ask", map[string]string{"question": "who is behind the attack on the Kremlin?"})},
		{"ask-uk", "uk", slashJSON("ask", map[string]string{"question": "хто стоїть за атакою на Кремль?"}), slashJSON("ask", map[string]string{"question": "who is behind the attack on the Kremlin?"})},
		{"claims-uk", "uk", slashJSON("claims", map[string]string{"topic": "під чужим прапором"}), nil},
		{"details-claim-ru", "ru", selectJSON(detailsID, "claim/us-involvement"), selectJSON(detailsID, "claim/us-involvement")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, body := post(t, h, inLocale(t, tt.body, tt.locale))
			if status != 200 {
				t.Fatalf("status = %d; want 200\n%s", status, body)
			}
			w := decodeWire(t, body)
			if p := limitProblems(w); len(p) > 0 {
				t.Errorf("response breaks Discord's rules: %v", p)
			}
			var got bytes.Buffer
			if err := json.Indent(&got, body, "", "  "); err != nil {
				t.Fatal(err)
			}
			if m := englishLabels.FindString(got.String()); m != "" {
				t.Errorf("an answer for locale %s has %q in English", tt.locale, m)
			}
			if !strings.Contains(got.String(), phrases.Word(tt.locale, "The sources are in English: quotes and excerpts are shown as they print them.")) && !strings.HasPrefix(tt.name, "details") {
				t.Errorf("an answer for locale %s does not say the sources are English", tt.locale)
			}
			if tt.english != nil {
				// The quoted lines (block quotes: the lead's words, the
				// excerpts) are the English answer's, verbatim.
				_, en := post(t, h, tt.english)
				var shown strings.Builder
				for _, e := range w.Data.Embeds {
					shown.WriteString(e.Description + "\n")
				}
				quoted := 0
				for _, e := range decodeWire(t, en).Data.Embeds {
					for _, l := range strings.Split(e.Description, "\n") {
						if strings.HasPrefix(l, "> ") {
							quoted++
							if !strings.Contains(shown.String(), l+"\n") {
								t.Errorf("quoted line changed or missing: %s", l)
							}
						}
					}
				}
				if quoted == 0 {
					t.Errorf("the English answer quotes nothing to compare")
				}
			}
			checkGolden(t, tt.name, got.Bytes())
		})
	}
}

// TestLocalizedRegistration checks the ru and uk localizations of every
// command against Discord's rules: descriptions of 1–100 characters,
// option names of 1–32 lower-case letters, digits, - or _, a message
// command's name of 1–32 characters, and each command's text in one
// language within 4000 characters.
func TestLocalizedRegistration(t *testing.T) {
	nameRE := regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`)
	for _, c := range Commands() {
		if c.Type == discordgo.MessageApplicationCommand {
			for _, l := range []discordgo.Locale{discordgo.Russian, discordgo.Ukrainian} {
				n := (*c.NameLocalizations)[l]
				if k := discordLen(n); k < 1 || k > 32 || n == c.Name {
					t.Errorf("message command %q in %s is %q (%d characters); want 1–32, translated", c.Name, l, n, k)
				}
			}
			continue
		}
		for _, l := range []discordgo.Locale{discordgo.Russian, discordgo.Ukrainian} {
			if c.DescriptionLocalizations == nil {
				t.Fatalf("/%s has no description localizations", c.Name)
			}
			d := (*c.DescriptionLocalizations)[l]
			if n := discordLen(d); n < 1 || n > 100 || d == c.Description {
				t.Errorf("/%s description in %s is %q (%d characters); want 1–100, translated", c.Name, l, d, n)
			}
			total := discordLen(c.Name) + discordLen(d)
			for _, o := range c.Options {
				name, desc := o.NameLocalizations[l], o.DescriptionLocalizations[l]
				if !nameRE.MatchString(name) || strings.ToLower(name) != name {
					t.Errorf("/%s option %s in %s is named %q; want 1–32 lower-case characters", c.Name, o.Name, l, name)
				}
				if n := discordLen(desc); n < 1 || n > 100 {
					t.Errorf("/%s option %s description in %s is %d characters; want 1–100", c.Name, o.Name, l, n)
				}
				total += discordLen(name) + discordLen(desc)
				for _, ch := range o.Choices {
					total += discordLen(ch.Name) + discordLen(ch.Value.(string))
				}
			}
			if total > 4000 {
				t.Errorf("/%s in %s is %d characters; Discord allows 4000", c.Name, l, total)
			}
		}
	}
}

// TestPhrasesComplete checks the words only Discord shows.
func TestPhrasesComplete(t *testing.T) {
	bottest.CheckPhrases(t, localeFiles)
	// Built from parts in render.go.
	for _, k := range []string{"Query too long to page", "Query too long to post", "Query too long to page or post"} {
		if phrases.Word(i18n.LocaleRU, k) == k {
			t.Errorf("ru: no message for %q", k)
		}
	}
}
