package web

import (
	"net"
	"net/http"
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
