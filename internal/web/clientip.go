package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientIP answers the client's address: the connection's, or with
// TrustProxy the last hop that the trusted proxy appended to
// X-Forwarded-For (earlier entries are the client's to forge).
func (s *server) clientIP(r *http.Request) string {
	if s.cfg.TrustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			hops := strings.Split(xff[len(xff)-1], ",")
			if ip := strings.TrimSpace(hops[len(hops)-1]); net.ParseIP(ip) != nil {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ipKey is the rate-limit key of a client address: the address itself, or
// for IPv6 its /64 network, which one subscriber usually holds whole, so
// that one subscriber is one client however many addresses it uses.
func ipKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil || !a.Is6() || a.Is4In6() {
		return ip
	}
	p, err := a.WithZone("").Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}
