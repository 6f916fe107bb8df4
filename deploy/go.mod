// This directory is a Node.js project; this file keeps its node_modules out
// of the Go module so that ./... does not walk them.
module github.com/cloudresume/cloudresume/deploy

go 1.26
