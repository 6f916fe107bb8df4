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

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/internal/contact"
)

func runMessages(ctx context.Context, e *env, args []string) error {
	var (
		unread   bool
		asJSON   bool
		markRead string
		retry    string
		retryAll bool
		limit    int
	)
	f := newFlags(e, "messages", "[flags]",
		"List the messages left through the contact form, newest first, or mark one read.",
		append(storeSettings(), "notify", "smtp-host")...)
	f.BoolVar(&unread, "unread", false, "list only unread messages")
	f.BoolVar(&asJSON, "json", false, "print JSON instead of a table")
	f.StringVar(&markRead, "mark-read", "", "mark the message with this ID read, and list nothing")
	f.StringVar(&retry, "retry", "", "send the failed message with this ID again, and list nothing")
	f.BoolVar(&retryAll, "retry-failed", false, "send every failed message again, and list nothing")
	f.IntVar(&limit, "limit", 0, "list at most this many messages (0: all)")
	cfg, help, err := parse(e, f, args)
	if help || err != nil {
		return err
	}
	if f.NArg() > 0 {
		f.Usage()
		return usageError("messages: unexpected argument %q", f.Arg(0))
	}
	if limit < 0 {
		return usageError("--limit %d: want 0 or more", limit)
	}
	mode := app.ReadOnly // listing changes nothing
	if markRead != "" || retry != "" || retryAll {
		mode = app.Existing
	}
	st, err := openStores(ctx, cfg, mode)
	if err != nil {
		return err
	}
	defer st.Close()

	if markRead != "" {
		if err := st.Messages.MarkRead(ctx, markRead); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "marked %s read\n", markRead)
		return nil
	}
	svc := &contact.Service{Store: st.Messages}
	// A running server's outbox sends them at its next round.
	const next = "at the outbox's next round (serve: within 30 s; on AWS: within 5 minutes)"
	switch {
	case retry != "":
		if err := svc.Retry(ctx, retry); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s will be sent again %s\n", retry, next)
		return nil
	case retryAll:
		n, err := svc.RetryFailed(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%d failed %s will be sent again %s\n", n, plural(n, "message"), next)
		return nil
	}
	msgs, err := st.Messages.List(ctx, contact.ListOptions{UnreadOnly: unread, Limit: limit})
	if err != nil {
		return err
	}
	counts, err := st.Messages.Counts(ctx)
	if err != nil {
		return err
	}
	undelivered, err := svc.Undelivered(ctx, 0)
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
			contact.Counts
			Failed      int `json:"failed"`       // refused for good
			LongPending int `json:"long_pending"` // pending for more than an hour
		}{msgs, counts, len(undelivered.Failed), len(undelivered.LongPending)})
	}
	if err := printMessages(e.stdout, msgs, counts, cfg.Notify != "none"); err != nil {
		return err
	}
	return printUndelivered(e.stdout, undelivered, cfg.Notify != "none")
}

// printMessages writes msgs as a table, then the inbox's totals. notified
// says whether anyone is told of messages: without a notifier a pending
// message is not waiting for anything.
func printMessages(w io.Writer, msgs []contact.Message, c contact.Counts, notified bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(msgs) > 0 {
		fmt.Fprintln(tw, "ID\tNEW\tRECEIVED (UTC)\tFROM\tEMAIL\tDELIVERY\tMESSAGE")
	}
	for _, m := range msgs {
		isNew := ""
		if !m.Read {
			isNew = "*"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			clip(m.ID, 40), isNew, m.CreatedAt.UTC().Format("2006-01-02 15:04"),
			clip(m.Name, 24), clip(m.Email, 32), delivery(m.Delivery, notified), clip(firstLine(m.Body), 48))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	shown := ""
	if int64(len(msgs)) < c.Total {
		shown = fmt.Sprintf(" (%d shown)", len(msgs))
	}
	_, err := fmt.Fprintf(w, "%d %s in the inbox%s, %d unread; %d spam refused\n",
		c.Total, plural(int(c.Total), "message"), shown, c.Unread, c.Spam)
	return err
}

// printUndelivered tells of the messages the owner was not told of: those
// the mail server refused for good, and those pending for long.
func printUndelivered(w io.Writer, u contact.Undelivered, notified bool) error {
	if n := len(u.Failed); n > 0 {
		last := u.Failed[0].Delivery.LastError
		if _, err := fmt.Fprintf(w, "%d %s not delivered: refused for good (%s); cloudresume messages --retry-failed sends them again\n",
			n, plural(n, "message"), clip(last, 80)); err != nil {
			return err
		}
	}
	if n := len(u.LongPending); n > 0 && notified {
		if _, err := fmt.Fprintf(w, "%d %s pending for more than an hour: is mail down?\n", n, plural(n, "message")); err != nil {
			return err
		}
	}
	return nil
}

// delivery is a short description of a message's notification state.
func delivery(d contact.Delivery, notified bool) string {
	switch {
	case d.State == contact.Sent:
		return "sent"
	case d.State == contact.Pending && d.Attempts == 0 && !notified:
		return "not sent (no notifier)"
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
// sequences included) and bidirectional controls, which could reorder what
// follows on the line, become spaces, and it is cut to n characters.
func clip(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
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
