using Decisioner.Core.Search;

namespace Decisioner.Core.Tests.Search;

public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("retrieval", "retrieval", 0)]
    [InlineData("tuning", "tunning", 1)]
    [InlineData("tunning", "tuning", 1)]
    [InlineData("rubric", "rubrik", 1)]
    [InlineData("retreival", "retrieval", 1)]
    [InlineData("embedings", "embeddings", 1)]
    [InlineData("lroa", "lora", 1)]
    [InlineData("promtp", "prompt", 1)]
    [InlineData("embeding", "embedding", 1)]
    [InlineData("finetunig", "finetuning", 1)]
    [InlineData("rtereival", "retrieval", 2)]
    [InlineData("", "abc", 3)]
    public void CountsInsertionsDeletionsChangesAndSwaps(string a, string b, int distance) =>
        EditDistance.Of(a, b, limit: 5).Should().Be(distance);

    [Fact]
    public void ASwappedPairIsNotEditedAgain()
    {
        // "ca" -> "abc" is two edits if the swapped pair may then take a letter between (Damerau-
        // Levenshtein), three when it may not (optimal string alignment): this is the latter.
        EditDistance.Of("ca", "abc", limit: 5).Should().Be(3);
    }

    [Theory]
    [InlineData("retrieval", "generation", 2)]
    [InlineData("lora", "rubric", 1)]
    [InlineData("abcdef", "fedcba", 2)]
    public void WordsFurtherApartThanTheLimit_CountAsOverIt(string a, string b, int limit) =>
        EditDistance.Of(a, b, limit).Should().BeGreaterThan(limit);

    [Theory]
    [InlineData("tuning", "tunning")]
    [InlineData("rubric", "rubirc")]
    public void TheOrderOfTheWordsDoesNotMatter(string a, string b) =>
        EditDistance.Of(a, b, 5).Should().Be(EditDistance.Of(b, a, 5));
}
