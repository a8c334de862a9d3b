package knowledge

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
)

// archiveForms is what the messages of CheckArchiveURL say an archive
// link may be.
const archiveForms = "want https://web.archive.org/web/<14-digit timestamp>/<article URL> or https://archive.ph/<id> (also archive.today, archive.is)"

// archiveTodayHosts are the names archive.today answers on. Its ids are
// short letters and digits: https://archive.ph/wXYZ1.
var archiveTodayHosts = []string{"archive.today", "archive.ph", "archive.is", "archive.li", "archive.vn", "archive.fo", "archive.md"}

var archiveTodayID = regexp.MustCompile(`^/[A-Za-z0-9]{4,10}$`)

// waybackPath is the Wayback Machine's link to one capture: its
// timestamp (with a modifier such as id_ for the raw page), then the
// archived page's own URL.
var waybackPath = regexp.MustCompile(`^/web/([0-9]{14})(?:[a-z]{2}_)?/(.+)$`)

// waybackStart is the first day the Wayback Machine holds captures from.
var waybackStart = time.Date(1996, 1, 1, 0, 0, 0, 0, time.UTC)

// CheckArchiveURL checks that s links to a public archived copy of an
// article at a web archive it knows the form of: the Wayback Machine with
// a capture timestamp that is a real date and time, or archive.today
// with an id. It only reads the link; it never fetches it.
func CheckArchiveURL(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }):
		return errors.New(archiveForms)
	case u.Scheme != "https" || u.Opaque != "" || u.User != nil || u.Port() != "":
		return fmt.Errorf("not an https link to a web archive: %s", archiveForms)
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case host == "web.archive.org":
		m := waybackPath.FindStringSubmatch(u.EscapedPath())
		if m == nil {
			return fmt.Errorf("not a link to one Wayback Machine capture: %s", archiveForms)
		}
		t, err := time.Parse("20060102150405", m[1])
		if err != nil || t.Before(waybackStart) {
			return fmt.Errorf("the Wayback timestamp %s is not a date and time since 1996 (YYYYMMDDhhmmss)", m[1])
		}
		// The archived page's URL follows the timestamp, with the
		// link's query (which belongs to it) and its scheme's slashes,
		// which some tools collapse to one.
		page := m[2]
		if u.RawQuery != "" {
			page += "?" + u.RawQuery
		}
		orig, err := url.Parse(page)
		if err != nil || (orig.Scheme != "http" && orig.Scheme != "https") || orig.Host == "" {
			return fmt.Errorf("the Wayback link does not end with the archived page's http or https URL: %s", archiveForms)
		}
		return nil
	case slices.Contains(archiveTodayHosts, host):
		if !archiveTodayID.MatchString(u.EscapedPath()) || u.RawQuery != "" || u.Fragment != "" {
			return fmt.Errorf("not a link to one archive.today capture: %s", archiveForms)
		}
		return nil
	}
	return fmt.Errorf("%q is not a web archive this file knows: %s", host, archiveForms)
}
