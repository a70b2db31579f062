using System.CommandLine;
using Nurture.Cli;

var home = new Option<string>("--home") { Description = "The folder holding workflows/, templates/ and assets/ (default: the current folder)." };

var files = new Argument<string[]>("files") { Description = "Journey files to check (default: workflows/*.json).", Arity = ArgumentArity.ZeroOrMore };
var validate = new Command("validate", "Check journeys and templates: syntax with file:line:col, schema, activities, ports, loops, templates.") { files, home };
validate.SetAction(parse => new Commands(Console.Out).Validate(parse.GetValue(home) ?? Directory.GetCurrentDirectory(), parse.GetValue(files) ?? []));

var elsaFile = new Argument<string>("file") { Description = "An Elsa 3 workflow definition export (JSON)." };
var output = new Option<string?>("--out") { Description = "Where to write the journey (default: print it)." };
var import = new Command("import-elsa", "Map an Elsa 3 workflow to a journey and report what was not mapped.") { elsaFile, output, home };
import.SetAction(parse => new Commands(Console.Out).ImportElsa(parse.GetValue(elsaFile)!, parse.GetValue(output), parse.GetValue(home) ?? Directory.GetCurrentDirectory()));

var root = new RootCommand("Nurture journeys on the command line.") { validate, import };
return root.Parse(args).Invoke();
