using Nurture.Core.Leads;

namespace Nurture.Core.Tests.Leads;

public sealed class LeadValidatorTests
{
    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("first.last+tag@sub.example.co.uk")]
    public void Valid_addresses_pass(string email) =>
        Assert.Empty(LeadValidator.Validate(new LeadInput { Email = email }));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("plain")]
    [InlineData("a@b")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("a@@example.com")]
    [InlineData("a b@example.com")]
    [InlineData("a@example.com.")]
    public void Invalid_addresses_are_refused(string email) =>
        Assert.True(LeadValidator.Validate(new LeadInput { Email = email }).ContainsKey("email"));

    [Fact]
    public void Oversized_fields_are_named()
    {
        var errors = LeadValidator.Validate(new LeadInput
        {
            Email = new string('a', 250) + "@x.io",
            LastName = new string('b', 101),
            Company = new string('c', 201),
        });

        Assert.Equal(["company", "email", "lastName"], errors.Keys.Order());
    }

    [Fact]
    public void Email_is_normalised_to_lower_case() =>
        Assert.Equal("ada@example.com", LeadValidator.NormalizeEmail("  Ada@Example.COM "));
}
