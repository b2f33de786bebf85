@testable import GrowthModels
import Testing

/// Edit distances of textbook pairs (kitten → sitting = 3, flaw → lawn = 2: Wikipedia,
/// "Levenshtein distance", worked examples; with transpositions, CA → AC = 1 and the optimal string
/// alignment distance CA → ABC = 3: Wikipedia, "Damerau–Levenshtein distance") and the suggestions
/// built on them.
@Suite struct NameSuggestionTests {
    @Test func editDistanceOfKnownPairs() {
        #expect(NameSuggestion.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(NameSuggestion.editDistance(Array("flaw"), Array("lawn")) == 2)
        #expect(NameSuggestion.editDistance(Array(""), Array("abc")) == 3)
        #expect(NameSuggestion.editDistance(Array("CA"), Array("AC")) == 1)
        #expect(NameSuggestion.editDistance(Array("CA"), Array("ABC")) == 3)
    }

    @Test func suggestsOnlyLikelyTypos() {
        let datasets = ["kremer-1993", "hyde-3.2.1", "maddison-2010", "delong-1998", "roodman-2020", "un-wpp-2019"]
        #expect(NameSuggestion.closest(to: "kremer1993", in: datasets) == "kremer-1993")
        #expect(NameSuggestion.closest(to: "Roodman-2020", in: datasets) == "roodman-2020")
        #expect(NameSuggestion.closest(to: "madison-2010", in: datasets) == "maddison-2010")
        #expect(NameSuggestion.closest(to: "gdp", in: datasets) == nil)
        #expect(NameSuggestion.closest(to: "fitt", in: ["datasets", "fit", "compare", "breaks", "test", "plot", "export"]) == "fit")
        #expect(NameSuggestion.closest(to: "--modle", in: ["--model", "--form", "--from"]) == "--model")
    }
}
