package discord

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/incidentbot/incidentbot/bot"
)

// CheckCommand is the message context-menu command: it runs a message's
// text through /check.
const CheckCommand = "Check against sources"

// slash is the table of slash commands: each maps to the engine command of
// the same name, with at most one string option whose value becomes the
// argument. Descriptions, and which commands are for admins, come from
// bot.Commands, so /help and Discord's command picker say the same thing.
var slash = []struct {
	name         string
	option       string // "" for none
	optionHelp   string
	required     bool
	autocomplete bool
	maxLength    int
	choices      []string
}{
	{"timeline", "filter", "a date (2023-05-03), a month (May 2023) or words", false, false, 100, nil},
	{"who-said", "query", "a person, or words from a quote", true, true, 100, nil},
	{"ask", "question", "what you want to know", true, false, 300, nil},
	{"claims", "topic", "words a claim is about, e.g. false flag", false, false, 100, nil},
	{"sources", "", "", false, false, 0, nil},
	{"changes", "", "", false, false, 0, nil},
	{"help", "", "", false, false, 0, nil},
	{"kb", "action", "status, reload or gaps", true, false, 10, []string{"status", "reload", "gaps"}},
}

// adminPermissions are the permissions that make a member an admin of the
// bot: Discord shows admin commands only to members who have them, and
// the engine runs them for them.
const adminPermissions = discordgo.PermissionManageGuild

// Commands returns every command to register with one bulk overwrite:
// the slash commands and the "Check against sources" message command.
func Commands() []*discordgo.ApplicationCommand {
	known := map[string]bot.Command{}
	for _, c := range bot.Commands() {
		known[c.Name] = c
	}
	var out []*discordgo.ApplicationCommand
	for _, s := range slash {
		c := &discordgo.ApplicationCommand{
			Type:        discordgo.ChatApplicationCommand,
			Name:        s.name,
			Description: description(known[s.name].Summary),
			Options:     []*discordgo.ApplicationCommandOption{},
		}
		if known[s.name].Admin {
			perms := int64(adminPermissions)
			c.DefaultMemberPermissions = &perms
		}
		if s.option != "" {
			o := &discordgo.ApplicationCommandOption{
				Type:         discordgo.ApplicationCommandOptionString,
				Name:         s.option,
				Description:  description(s.optionHelp),
				Required:     s.required,
				Autocomplete: s.autocomplete,
				MaxLength:    s.maxLength,
			}
			for _, ch := range s.choices {
				o.Choices = append(o.Choices, &discordgo.ApplicationCommandOptionChoice{Name: ch, Value: ch})
			}
			c.Options = append(c.Options, o)
		}
		out = append(out, c)
	}
	return append(out, &discordgo.ApplicationCommand{Type: discordgo.MessageApplicationCommand, Name: CheckCommand})
}

// description fits text to Discord's 1–100 characters, capitalised.
func description(s string) string {
	s, _ = cutWords(s, 100)
	if s == "" {
		return "-"
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// commandLine turns a command interaction into the command line the
// engine answers, and says whether its answer must be private whatever
// the reply setting (the message command: checking someone's message is
// the caller's business).
func commandLine(d discordgo.ApplicationCommandInteractionData) (line string, private bool) {
	if d.CommandType == discordgo.MessageApplicationCommand || d.Name == CheckCommand {
		text := ""
		if d.Resolved != nil {
			if m := d.Resolved.Messages[d.TargetID]; m != nil {
				text = m.Content
			}
		}
		return "/check " + text, true
	}
	line = "/" + d.Name
	for _, s := range slash {
		if s.name == d.Name && s.option != "" {
			if v := optionString(d.Options, s.option); v != "" {
				line += " " + v
			}
		}
	}
	return line, false
}

// optionString returns the string value of the named option, or "" when
// it is missing or not a string. It does not use the discordgo accessors,
// which panic on a value of the wrong type.
func optionString(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	for _, o := range opts {
		if o != nil && o.Name == name {
			s, _ := o.Value.(string)
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// focused returns the option being typed in an autocomplete interaction.
func focused(opts []*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range opts {
		if o != nil && o.Focused {
			return o
		}
	}
	return nil
}
