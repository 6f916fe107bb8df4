package main

// commands lists every subcommand by name.
func commands() map[string]command {
	return map[string]command{
		"serve":       {summary: "serve the site and the API", run: runServe},
		"build":       {summary: "write the static site to a directory", run: runBuild},
		"validate":    {summary: "check a resume file", run: runValidate},
		"pdf":         {summary: "write the resume as a PDF", run: runPDF},
		"init":        {summary: "write a starter resume.yaml to edit", run: runInit},
		"theme":       {summary: "list the built-in themes, or start one of your own", run: runTheme},
		"routes":      {summary: "list the API routes", run: runRoutes},
		"headers":     {summary: "print the security headers a CDN must send", run: runHeaders},
		"tables":      {summary: "create the DynamoDB tables, or print their definitions", run: runTables},
		"permissions": {summary: "print what each Lambda function may ask of AWS", run: runPermissions},
		"metrics":     {summary: "print the CloudWatch metrics the Lambda function reports", run: runMetrics},
		"movies":      {summary: "manage the movies catalog: import a CSV file", run: runMovies},
		"stats":       {summary: "print the visit totals and the most viewed paths", run: runStats},
		"messages":    {summary: "list the contact messages, or mark one read", run: runMessages},
		"backup":      {summary: "write a consistent copy of the SQLite database", run: runBackup},
		"restore":     {summary: "replace the SQLite database with a backup", run: runRestore},
		"export":      {summary: "write all the data of a store as JSON Lines", run: runExport},
		"import":      {summary: "load an export into a store", run: runImport},
	}
}
