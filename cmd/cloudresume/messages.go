package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"

	"github.com/cloudresume/cloudresume/internal/contact"
)

func runMessages(ctx context.Context, e *env, args []string) error {
	var (
		sf       storeFlags
		unread   bool
		asJSON   bool
		markRead string
		limit    int
	)
	f := newFlags(e, "messages", "[flags]",
		"List the messages left through the contact form, newest first, or mark one read.")
	sf.register(f)
	f.Bool(&unread, "unread", false, "list only unread messages")
	f.Bool(&asJSON, "json", false, "print JSON instead of a table")
	f.String(&markRead, "mark-read", "", "mark the message with this ID read, and list nothing")
	f.Int(&limit, "limit", 0, "list at most this many messages (0: all)")
	if help, err := parseArgs(f, args); help || err != nil {
		return err
	}
	if f.NArg() > 0 {
		f.Usage()
		return &exitError{code: 2, err: fmt.Errorf("messages: unexpected argument %q", f.Arg(0))}
	}
	st, err := sf.openExisting(ctx)
	if err != nil {
		return asExit2(err)
	}
	defer st.close()
	if st.messages == nil {
		return &exitError{code: 2, err: fmt.Errorf("--store %s has no message store", sf.kind)}
	}

	if markRead != "" {
		if err := st.messages.MarkRead(ctx, markRead); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "marked %s read\n", markRead)
		return nil
	}
	msgs, err := st.messages.List(ctx, contact.ListOptions{UnreadOnly: unread, Limit: limit})
	if err != nil {
		return err
	}
	spam, err := st.messages.SpamCount(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		if msgs == nil {
			msgs = []contact.Message{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Messages []contact.Message `json:"messages"`
			Spam     int64             `json:"spam"`
		}{msgs, spam})
	}
	return printMessages(e.stdout, msgs, spam)
}

// printMessages writes msgs as a table, then a count line.
func printMessages(w io.Writer, msgs []contact.Message, spam int64) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	unread := 0
	if len(msgs) > 0 {
		fmt.Fprintln(tw, "ID\tNEW\tRECEIVED (UTC)\tFROM\tEMAIL\tDELIVERY\tMESSAGE")
	}
	for _, m := range msgs {
		isNew := ""
		if !m.Read {
			isNew = "*"
			unread++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			m.ID, isNew, m.CreatedAt.UTC().Format("2006-01-02 15:04"),
			clip(m.Name, 24), clip(m.Email, 32), delivery(m.Delivery), clip(firstLine(m.Body), 48))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d %s, %d unread; %d spam refused\n", len(msgs), plural(len(msgs), "message"), unread, spam)
	return err
}

// delivery is a short description of a message's notification state.
func delivery(d contact.Delivery) string {
	switch {
	case d.State == contact.Sent:
		return "sent"
	case d.Attempts == 0:
		return string(d.State)
	}
	return fmt.Sprintf("%s (%d %s)", d.State, d.Attempts, plural(d.Attempts, "attempt"))
}

func firstLine(s string) string {
	line, _, more := strings.Cut(strings.TrimSpace(s), "\n")
	if more {
		return strings.TrimSpace(line) + " …"
	}
	return line
}

// clip makes s safe for a terminal cell: control characters (escape
// sequences included) become spaces, and it is cut to n characters.
func clip(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
