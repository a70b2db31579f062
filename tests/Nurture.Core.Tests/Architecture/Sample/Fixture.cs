// Two folders for the rule's own test: Lower uses Upper, so listing Lower first must be reported.
namespace Nurture.Core.Tests.Architecture.Sample.Upper
{
    public sealed class UsedByLower
    {
        public int Value { get; init; }
    }
}

namespace Nurture.Core.Tests.Architecture.Sample.Lower
{
    public sealed class UsesUpper
    {
        public int Read(Upper.UsedByLower used) => used.Value;
    }
}
