/// The curated datasets shipped with gdpfit, by name, in a fixed order (see datasets/README.md).
public enum DatasetCatalog {
    /// The dataset names, e.g. "kremer-1993", in catalogue order.
    public static var names: [String] { EmbeddedDatasets.files.map(\.name) }

    /// The dataset called `name`.
    /// - Throws: `SeriesError.unknownDataset` listing the names that exist.
    public static func dataset(named name: String) throws(SeriesError) -> Dataset {
        guard let file = EmbeddedDatasets.files.first(where: { $0.name == name }) else {
            throw .unknownDataset(name: name, available: names)
        }
        return try Dataset(name: file.name, csv: file.csv, json: file.json)
    }

    /// Every dataset, in catalogue order.
    public static func all() throws(SeriesError) -> [Dataset] {
        try EmbeddedDatasets.files.map { (file) throws(SeriesError) in
            try Dataset(name: file.name, csv: file.csv, json: file.json)
        }
    }
}
