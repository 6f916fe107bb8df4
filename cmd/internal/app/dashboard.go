package app

import "github.com/cloudresume/cloudresume/internal/web"

// Dashboard answers how the /admin page signs in, calling the API at
// apiURL ("" for the page's own origin).
func (c *Config) Dashboard(apiURL string) web.Dashboard {
	return web.Dashboard{APIURL: apiURL, CognitoClientID: c.CognitoClientID, CognitoRegion: c.CognitoRegion, CognitoEndpoint: c.CognitoEndpoint}
}
