using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Nurture.Core.Processing.Import;

/// <summary>A CSV of leads as read by CsvHelper: the header, the rows with their line numbers.</summary>
public sealed record CsvLeadFile(IReadOnlyList<string> Columns, IReadOnlyList<CsvLeadRow> Rows)
{
    /// <summary>The lead fields a column can be mapped to.</summary>
    public static readonly IReadOnlyList<string> Fields =
        ["email", "firstName", "lastName", "company", "jobTitle", "phone", "country", "timeZone", "industry", "companySize", "annualRevenue"];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["email"] = "email", ["emailaddress"] = "email", ["mail"] = "email",
        ["firstname"] = "firstName", ["givenname"] = "firstName", ["first"] = "firstName",
        ["lastname"] = "lastName", ["surname"] = "lastName", ["familyname"] = "lastName", ["last"] = "lastName",
        ["company"] = "company", ["organisation"] = "company", ["organization"] = "company", ["account"] = "company",
        ["jobtitle"] = "jobTitle", ["title"] = "jobTitle", ["position"] = "jobTitle",
        ["phone"] = "phone", ["phonenumber"] = "phone", ["mobile"] = "phone", ["telephone"] = "phone",
        ["country"] = "country", ["timezone"] = "timeZone", ["tz"] = "timeZone", ["industry"] = "industry",
        ["companysize"] = "companySize", ["employees"] = "companySize", ["headcount"] = "companySize",
        ["annualrevenue"] = "annualRevenue", ["revenue"] = "annualRevenue",
    };

    private static CsvConfiguration Configuration => new(CultureInfo.InvariantCulture)
    {
        DetectDelimiter = true,
        TrimOptions = TrimOptions.Trim,
        BadDataFound = null,
        MissingFieldFound = null,
    };

    /// <exception cref="FormatException">The file is not CSV with a header (the message names the line).</exception>
    public static CsvLeadFile Parse(string csv)
    {
        using var reader = new StringReader(csv);
        var (columns, rows, _) = Scan(reader, int.MaxValue);
        return new CsvLeadFile(columns, rows);
    }

    /// <summary>The header, then at most <paramref name="keep"/> rows kept and all of them counted, read as a stream.</summary>
    /// <exception cref="FormatException">The file is not CSV with a header (the message names the line).</exception>
    public static (IReadOnlyList<string> Columns, List<CsvLeadRow> Kept, int Count) Scan(TextReader text, int keep)
    {
        using var csv = new CsvReader(text, Configuration, leaveOpen: true);
        var header = ReadHeader(csv);
        var kept = new List<CsvLeadRow>();
        var count = 0;
        foreach (var row in RowsOf(csv, header))
        {
            if (count++ < keep)
                kept.Add(row);
        }
        return (header, kept, count);
    }

    /// <summary>The rows of a CSV file, read one at a time as they are asked for (the header is skipped).</summary>
    public static IEnumerable<CsvLeadRow> StreamRows(string path)
    {
        using var text = new StreamReader(path);
        using var csv = new CsvReader(text, Configuration);
        var header = ReadHeader(csv);
        foreach (var row in RowsOf(csv, header))
            yield return row;
    }

    private static string[] ReadHeader(CsvReader reader)
    {
        try
        {
            if (!reader.Read() || !reader.ReadHeader() || reader.HeaderRecord is not { Length: > 0 } header)
                throw new FormatException("line 1: the file is empty; the first line must name the columns.");
            var duplicate = header.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new FormatException($"line 1: the column '{duplicate.Key}' appears twice.");
            return header;
        }
        catch (CsvHelperException e)
        {
            throw new FormatException($"line {e.Context?.Parser?.RawRow}: {e.Message.Split('\n')[0]}", e);
        }
    }

    private static IEnumerable<CsvLeadRow> RowsOf(CsvReader reader, string[] header)
    {
        while (true)
        {
            CsvLeadRow? row;
            try
            {
                if (!reader.Read())
                    yield break;
                var values = Enumerable.Range(0, header.Length).Select(i => reader.TryGetField<string>(i, out var v) ? v ?? "" : "").ToArray();
                row = values.All(string.IsNullOrWhiteSpace) ? null : new CsvLeadRow(reader.Parser.RawRow, values);
            }
            catch (CsvHelperException e)
            {
                throw new FormatException($"line {e.Context?.Parser?.RawRow}: {e.Message.Split('\n')[0]}", e);
            }
            if (row is not null)
                yield return row;
        }
    }

    /// <summary>The field each column most likely holds, from its name ("E-mail" → email, "Surname" → lastName).</summary>
    public IReadOnlyDictionary<string, string> SuggestMapping() =>
        Columns.Select(c => (Column: c, Key: new string(c.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant()))
            .Where(c => Aliases.ContainsKey(c.Key))
            .GroupBy(c => Aliases[c.Key]).Select(g => g.First())
            .ToDictionary(c => c.Column, c => Aliases[c.Key]);
}

/// <param name="Line">The row's line in the file (1 is the header), for error messages.</param>
public sealed record CsvLeadRow(int Line, IReadOnlyList<string> Values);
