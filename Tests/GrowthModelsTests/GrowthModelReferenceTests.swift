import Foundation
import Fitting
import Testing
import GrowthModels
import TestSupport

/// Every built-in growth model fitted to curated datasets, against an independent computation:
/// `reference/growth_models_reference.py` (statsmodels WLS for exponential, constant-growth and
/// linear-growth; scipy.optimize.least_squares in the reported (ln_C, k, t_star) and (s, B[, d])
/// parametrisations for hyperbolic, power-growth and power-growth-drift, each optimum confirmed by a
/// one-dimensional profile minimisation; delta-method standard errors of derived quantities from a
/// central-difference gradient; brute force over every segmentation for the growth modes). The numbers
/// below are that script's output, pasted unchanged between its BEGIN and END markers.
///
/// Tolerances: parameters, RSS, standard errors and derived values relative 1e-6; log-likelihood,
/// AICc and BIC absolute 1e-6 (docs/statistics.md conventions); test statistics relative 1e-6 and their
/// p-values relative 1e-5 (d ln p / d LR is about -1/2, so p inherits the statistic's error scaled up).
@Suite struct GrowthModelReferenceTests {
    struct Reference: CustomTestStringConvertible, Sendable {
        let dataset: String, column: String, form: ModelForm, window: (Double, Double), weighting: String
        let model: GrowthModelID, n: Int
        let parameters: [Double], standardErrors: [Double]
        let rss: Double, logLikelihood: Double, aicc: Double, bic: Double
        /// name: (value, delta-method standard error)
        let derived: [String: (Double, Double)]

        var testDescription: String { "\(model.rawValue) on \(dataset) \(form.rawValue) \(window) \(weighting)" }
    }

    struct NestedReference: CustomTestStringConvertible, Sendable {
        let dataset: String, column: String, weighting: String, alternative: GrowthModelID
        let lr: Double, lrP: Double, f: Double, fDenominatorDF: Int, fP: Double

        var testDescription: String { "constant-growth in \(alternative.rawValue), \(dataset) \(weighting)" }
    }

    struct ModesReference: CustomTestStringConvertible, Sendable {
        let dataset: String, column: String, weighting: String, breaks: Int, breakYears: [Double]
        let rss: Double, bic: Double

        var testDescription: String { "\(breaks) breaks, \(dataset) \(weighting)" }
    }

    static let fits: [Reference] = [
    // BEGIN fits (growth_models_reference.py)
    Reference(dataset: "kremer-1993", column: "population_millions", form: .level, window: (-10000, 1950), weighting: "none", model: .exponential, n: 31,
              parameters: [5.38528601503575, 0.0006197326053581946],
              standardErrors: [0.1350061370622163, 5.236704077422113e-05],
              rss: 16.303406736319214, logLikelihood: -34.026591226971064, aicc: 74.94207134283101, bic: 78.35514406739756,
              derived: ["growth_rate": (0.0006197326053581946, 5.236704077799631e-05), "doubling_time": (1118.4616955232143, 94.50935567341764)]),
    Reference(dataset: "kremer-1993", column: "population_millions", form: .level, window: (-10000, 1950), weighting: "none", model: .hyperbolic, n: 31,
              parameters: [23.9033346006545, 2.423029393821175, 2864.7989605661073],
              standardErrors: [2.4276202333219383, 0.27340563321032757, 245.36401383359987],
              rss: 3.177218856963645, logLikelihood: -8.678389592967115, aicc: 26.89524072439577, bic: 31.092728003874814,
              derived: ["singularity_year": (2864.7989605661073, 245.36401384271113), "years_to_singularity": (914.7989605661073, 245.36401384271113), "growth_rate_at_end": (0.002648701516147029, 0.00043646611899511535), "implied_B": (0.4127065080390858, 0.0465682688205199)]),
    Reference(dataset: "kremer-1993", column: "population_millions", form: .level, window: (-10000, 1950), weighting: "none", model: .proportionalHyperbolic, n: 31,
              parameters: [12.091141956494585, 2011.2339537295275],
              standardErrors: [0.13717412446421265, 24.34121812945542],
              rss: 10.606808820537852, logLikelihood: -27.36348297503503, aicc: 61.615854838958946, bic: 65.0289275635255,
              derived: ["singularity_year": (2011.2339537295275, 24.341218128866387), "years_to_singularity": (61.23395372952746, 24.341218128866387), "growth_rate_at_end": (0.016330808956368154, 0.006491688993552983)]),
    Reference(dataset: "kremer-1993", column: "population_millions", form: .level, window: (-10000, 1950), weighting: "gap", model: .exponential, n: 31,
              parameters: [4.388339214208727, 0.0003845595516304438],
              standardErrors: [0.22105643757073187, 4.042468698018544e-05],
              rss: 7759.812827316554, logLikelihood: -55.559743737599135, aicc: 118.00837636408716, bic: 121.4214490886537,
              derived: ["growth_rate": (0.0003845595516304438, 4.0424686980029915e-05), "doubling_time": (1802.444322657339, 189.47194844509374)]),
    Reference(dataset: "kremer-1993", column: "population_millions", form: .level, window: (-10000, 1950), weighting: "gap", model: .hyperbolic, n: 31,
              parameters: [21.833353811612827, 2.21205498101988, 2574.0969458844743],
              standardErrors: [2.3553682706808985, 0.25462327062184553, 325.8195888444074],
              rss: 1883.0006565195977, logLikelihood: -33.610323699179304, aicc: 76.75910893682014, bic: 80.95659621629919,
              derived: ["singularity_year": (2574.0969458844743, 325.8195888417978), "years_to_singularity": (624.0969458844743, 325.8195888417978), "growth_rate_at_end": (0.0035444092389924154, 0.0014878879089110094), "implied_B": (0.45206832948561904, 0.052036281913278984)]),
    Reference(dataset: "kremer-1993", column: "population_millions", form: .level, window: (-10000, 1950), weighting: "gap", model: .proportionalHyperbolic, n: 31,
              parameters: [11.219777514979903, 1954.121382629575],
              standardErrors: [0.14481836443384516, 25.114828630494557],
              rss: 7159.131101182601, logLikelihood: -54.310915019934995, aicc: 115.51071892875888, bic: 118.92379165332542,
              derived: ["singularity_year": (1954.121382629575, 25.11482863006286), "years_to_singularity": (4.12138262957501, 25.11482863006286), "growth_rate_at_end": (0.24263702011650357, 1.4785786948669104)]),
    Reference(dataset: "kremer-1993", column: "population_millions", form: .level, window: (1, 1950), weighting: "none", model: .hyperbolic, n: 23,
              parameters: [10.621713233319488, 0.7272848857581184, 1994.003666980422],
              standardErrors: [0.18680553570750819, 0.02730958410372615, 7.064444123304729],
              rss: 0.08740426428958177, logLikelihood: 31.450526100118253, aicc: -52.678829978014285, bic: -50.35907533651991,
              derived: ["singularity_year": (1994.003666980422, 7.0644441235529785), "years_to_singularity": (44.00366698042194, 7.0644441235529785), "growth_rate_at_end": (0.016527824512482133, 0.0021087559960563927), "implied_B": (1.3749770132478478, 0.0516304561242241)]),
    Reference(dataset: "kremer-1993", column: "population_millions", form: .growth, window: (-10000, 1950), weighting: "gap", model: .constantGrowth, n: 30,
              parameters: [0.0005392578457489909],
              standardErrors: [0.0001787919477847358],
              rss: 0.011078011573386214, logLikelihood: 147.68613056096876, aicc: -290.92781667749307, bic: -288.56986635861324,
              derived: ["doubling_time": (1285.3724540571366, 426.1676422511675)]),
    Reference(dataset: "kremer-1993", column: "population_millions", form: .growth, window: (-10000, 1950), weighting: "gap", model: .linearGrowth, n: 30,
              parameters: [0.00022580483433765714, 4.248173755567645e-06],
              standardErrors: [0.00010839867383700044, 5.353301657679748e-07],
              rss: 0.003409594036657926, logLikelihood: 165.36166512527166, aicc: -323.8002533274664, bic: -320.5197381055568,
              derived: ["growth_rate_at_end": (0.010914210003345852, 0.0013112824761861304)]),
    Reference(dataset: "kremer-1993", column: "population_millions", form: .growth, window: (-10000, 1950), weighting: "gap", model: .powerGrowth, n: 30,
              parameters: [3.3302265785801773e-06, 1.0493404322808324],
              standardErrors: [3.3335409285578057e-06, 0.14565903987644982],
              rss: 0.003927719185306307, logLikelihood: 163.2396801643818, aicc: -319.5562834056867, bic: -316.27576818377713,
              derived: ["growth_rate_at_end": (0.012330393948330881, 0.0022927401256792926), "years_to_singularity": (77.28703395607161, 23.74976000447495)]),
    Reference(dataset: "kremer-1993", column: "population_millions", form: .growth, window: (-10000, 1950), weighting: "gap", model: .powerGrowthDrift, n: 30,
              parameters: [4.921044426126246e-07, 1.3085682545216084, 0.0003117615651160822],
              standardErrors: [6.991795488274195e-07, 0.1976070251414317, 0.00011134958461957348],
              rss: 0.0030955482606043034, logLikelihood: 166.81108810953515, aicc: -324.0221762190703, bic: -320.01738669242167,
              derived: ["growth_rate_at_end": (0.014183128746771637, 0.0024868181042712314)]),
    Reference(dataset: "kremer-1993", column: "population_millions", form: .growth, window: (-10000, 1950), weighting: "gap", model: .proportionalGrowth, n: 30,
              parameters: [4.654522484440133e-06],
              standardErrors: [5.264442026737501e-07],
              rss: 0.003937994481697539, logLikelihood: 163.20048994209074, aicc: -321.956535439737, bic: -319.5985851208572,
              derived: ["growth_rate_at_end": (0.011710778570851373, 0.0013245336140229433), "years_to_singularity": (85.3914190205118, 9.658094392128802)]),
    Reference(dataset: "kremer-1993", column: "population_millions", form: .growth, window: (-10000, 1950), weighting: "none", model: .constantGrowth, n: 30,
              parameters: [0.002709884655391719],
              standardErrors: [0.000632267608027745],
              rss: 0.00034779322550017983, logLikelihood: 127.9083412445167, aicc: -251.37223804458895, bic: -249.0142877257091,
              derived: ["doubling_time": (255.78475422591356, 59.679445911687964)]),
    Reference(dataset: "kremer-1993", column: "population_millions", form: .growth, window: (-10000, 1950), weighting: "none", model: .linearGrowth, n: 30,
              parameters: [-0.0001757657303611968, 5.1254891398808465e-06],
              standardErrors: [0.00029387041750217536, 3.4938576901873376e-07],
              rss: 4.004051916720646e-05, logLikelihood: 160.33408428960269, aicc: -313.74509165612847, bic: -310.4645764342189,
              derived: ["growth_rate_at_end": (0.012719964945579013, 0.0007164281979796621)]),
    Reference(dataset: "kremer-1993", column: "population_millions", form: .growth, window: (-10000, 1950), weighting: "none", model: .powerGrowth, n: 30,
              parameters: [1.0389308192250287e-06, 1.2136400366306883],
              standardErrors: [9.420800293222825e-07, 0.12233794089375252],
              rss: 3.598525573360225e-05, logLikelihood: 161.9358237241542, aicc: -316.9485705252315, bic: -313.6680553033219,
              derived: ["growth_rate_at_end": (0.01392596217764981, 0.0010015874715718354), "years_to_singularity": (59.167728107829326, 9.525957257512195)]),
    Reference(dataset: "kremer-1993", column: "population_millions", form: .growth, window: (-10000, 1950), weighting: "none", model: .powerGrowthDrift, n: 30,
              parameters: [2.783042694898976e-07, 1.3826365932101161, 0.000427530572200632],
              standardErrors: [4.570604990338547e-07, 0.21536219614578778, 0.00035800278718214976],
              rss: 3.429680771799702e-05, logLikelihood: 162.65667889233856, aicc: -315.7133577846771, bic: -311.7085682580285,
              derived: ["growth_rate_at_end": (0.014438456538147073, 0.0011791381648932804)]),
    Reference(dataset: "kremer-1993", column: "population_millions", form: .growth, window: (-10000, 1950), weighting: "none", model: .proportionalGrowth, n: 30,
              parameters: [4.9856137593028505e-06],
              standardErrors: [2.5668251706912844e-07],
              rss: 4.055208123585926e-05, logLikelihood: 160.1436565319615, aicc: -315.84286861947857, bic: -313.48491830059874,
              derived: ["growth_rate_at_end": (0.012543804218405973, 0.0006458132129022393), "years_to_singularity": (79.72063200194597, 4.104387838808757)]),
    Reference(dataset: "delong-1998", column: "gwp_billion_1990_intl", form: .level, window: (-10000, 1950), weighting: "none", model: .exponential, n: 43,
              parameters: [3.555787629474598, 0.0007263044381360252],
              standardErrors: [0.2092329121267965, 8.168348267988735e-05],
              rss: 77.15968358477275, logLikelihood: -73.58491181651223, aicc: 153.78520824840908, bic: 158.45342398010516,
              derived: ["growth_rate": (0.0007263044381360252, 8.168348268052955e-05), "doubling_time": (954.3479898578424, 107.33029210398608)]),
    Reference(dataset: "delong-1998", column: "gwp_billion_1990_intl", form: .level, window: (-10000, 1950), weighting: "none", model: .hyperbolic, n: 43,
              parameters: [13.449816768212298, 1.4749157912627682, 1983.2998190546416],
              standardErrors: [0.6270680942453593, 0.08358761370999228, 12.628539497065182],
              rss: 8.596179270172499, logLikelihood: -26.401887863471472, aicc: 61.856407305890315, bic: 67.84857618971719,
              derived: ["singularity_year": (1983.2998190546416, 12.628539497548076), "years_to_singularity": (33.2998190546416, 12.628539497548076), "growth_rate_at_end": (0.04429200617704805, 0.014774630695453763), "implied_B": (0.6780048094432816, 0.03842443374593869)]),
    Reference(dataset: "delong-1998", column: "gwp_billion_1990_intl", form: .level, window: (-10000, 1950), weighting: "none", model: .proportionalHyperbolic, n: 43,
              parameters: [10.089952979498118, 1953.4004863267285],
              standardErrors: [0.1105682374614941, 2.331043126976642],
              rss: 19.91963722202727, logLikelihood: -44.470234305656774, aicc: 95.55585322669816, bic: 100.22406895839424,
              derived: ["singularity_year": (1953.4004863267285, 2.331043127063976), "years_to_singularity": (3.400486326728469, 2.331043127063976), "growth_rate_at_end": (0.29407558328931066, 0.20158972205968326)]),
    Reference(dataset: "delong-1998", column: "gwp_billion_1990_intl", form: .growth, window: (-10000, 1950), weighting: "gap", model: .constantGrowth, n: 42,
              parameters: [0.0007789579974744343],
              standardErrors: [0.0003971628170712166],
              rss: 0.0772838816841697, logLikelihood: 167.72020745465994, aicc: -331.13272260162756, bic: -327.96507567275313,
              derived: ["doubling_time": (889.8389679639879, 453.6970573829189)]),
    Reference(dataset: "delong-1998", column: "gwp_billion_1990_intl", form: .growth, window: (-10000, 1950), weighting: "gap", model: .linearGrowth, n: 42,
              parameters: [0.0005143917382444401, 1.4885964796595023e-05],
              standardErrors: [0.0002510846375705774, 1.8551839074844834e-06],
              rss: 0.029615133729029908, logLikelihood: 187.86340561027612, aicc: -369.0952322731838, bic: -364.51380236570213,
              derived: ["growth_rate_at_end": (0.06127607170463397, 0.00754364393576625)]),
    Reference(dataset: "delong-1998", column: "gwp_billion_1990_intl", form: .growth, window: (-10000, 1950), weighting: "gap", model: .powerGrowth, n: 42,
              parameters: [0.0002583870054013509, 0.6257852512730091],
              standardErrors: [8.517868618537091e-05, 0.048624373149754645],
              rss: 0.018663329864224944, logLikelihood: 197.55962801653823, aicc: -388.487677085708, bic: -383.90624717822635,
              derived: ["growth_rate_at_end": (0.046977411844068895, 0.005637565781952701), "years_to_singularity": (34.016183874703934, 6.247603025106309)]),
    Reference(dataset: "delong-1998", column: "gwp_billion_1990_intl", form: .growth, window: (-10000, 1950), weighting: "gap", model: .powerGrowthDrift, n: 42,
              parameters: [0.00028066225388170867, 0.6150744495461243, -8.485377800200454e-05],
              standardErrors: [0.00012681701599612675, 0.06370171493812829, 0.00028811829375604013],
              rss: 0.018616458505996136, logLikelihood: 197.612434058873, aicc: -386.1437870366649, bic: -380.27418964461253,
              derived: ["growth_rate_at_end": (0.04659476470414989, 0.0059299045618438065)]),
    Reference(dataset: "delong-1998", column: "gwp_billion_1990_intl", form: .growth, window: (-10000, 1950), weighting: "gap", model: .proportionalGrowth, n: 42,
              parameters: [1.538506196692812e-05],
              standardErrors: [1.9094777792735587e-06],
              rss: 0.03272256400660764, logLikelihood: 185.76803893642514, aicc: -367.22838556515796, bic: -364.06073863628353,
              derived: ["growth_rate_at_end": (0.06279889978722686, 0.0077941254952560565), "years_to_singularity": (15.923845853799456, 1.976347569365067)]),
    Reference(dataset: "delong-1998", column: "gwp_billion_1990_intl", form: .growth, window: (-10000, 1950), weighting: "none", model: .constantGrowth, n: 42,
              parameters: [0.0055338852941034826],
              standardErrors: [0.0015424864167267595],
              rss: 0.004097093203444457, logLikelihood: 134.3426717504971, aicc: -264.37765119330186, bic: -261.2100042644274,
              derived: ["doubling_time": (125.25506831493489, 34.912946553880026)]),
    Reference(dataset: "delong-1998", column: "gwp_billion_1990_intl", form: .growth, window: (-10000, 1950), weighting: "none", model: .linearGrowth, n: 42,
              parameters: [0.0020174097600904268, 1.2012096719189452e-05],
              standardErrors: [0.0009412968501344537, 1.264509980652359e-06],
              rss: 0.0012583329912282547, logLikelihood: 159.13296018259302, aicc: -311.6343414178176, bic: -307.05291151033595,
              derived: ["growth_rate_at_end": (0.05104850626944512, 0.004868846876280659)]),
    Reference(dataset: "delong-1998", column: "gwp_billion_1990_intl", form: .growth, window: (-10000, 1950), weighting: "none", model: .powerGrowth, n: 42,
              parameters: [0.0005015301897683229, 0.5267773846715414],
              standardErrors: [0.0002276359491007177, 0.061695399951421676],
              rss: 0.0008253104934689342, logLikelihood: 167.99041221034267, aicc: -329.3492454733169, bic: -324.76781556583524,
              derived: ["growth_rate_at_end": (0.0400324958520856, 0.0037197184643658465), "years_to_singularity": (47.41985382368369, 9.16585065670386)]),
    Reference(dataset: "delong-1998", column: "gwp_billion_1990_intl", form: .growth, window: (-10000, 1950), weighting: "none", model: .powerGrowthDrift, n: 42,
              parameters: [0.0015522232253536593, 0.39457250262015214, -0.0034364588153271837],
              standardErrors: [0.0011256131227831386, 0.08750497786944535, 0.0024215894654722445],
              rss: 0.0007492966663614844, logLikelihood: 170.0195305511154, aicc: -330.9579800211497, bic: -325.08838262909734,
              derived: ["growth_rate_at_end": (0.03783952157336076, 0.0035532744522519043)]),
    Reference(dataset: "delong-1998", column: "gwp_billion_1990_intl", form: .growth, window: (-10000, 1950), weighting: "none", model: .proportionalGrowth, n: 42,
              parameters: [1.3077893022539884e-05],
              standardErrors: [1.212501293630338e-06],
              rss: 0.0014028339125770313, logLikelihood: 156.85012175584527, aicc: -309.3925512039982, bic: -306.2249042751238,
              derived: ["growth_rate_at_end": (0.05338147451833352, 0.004949199905690263), "years_to_singularity": (18.733090627846117, 1.7368162120716732)]),
    // END fits
    ]

    static let nested: [NestedReference] = [
    NestedReference(dataset: "kremer-1993", column: "population_millions", weighting: "gap", alternative: .powerGrowth, lr: 31.107099206826046, lrP: 2.4417671789772668e-08,
                    f: 50.97314177022153, fDenominatorDF: 28, fP: 9.065976160729392e-08),
    NestedReference(dataset: "kremer-1993", column: "population_millions", weighting: "gap", alternative: .linearGrowth, lr: 35.35106912860577, lrP: 2.753173958748208e-09,
                    f: 62.973975411704934, fDenominatorDF: 28, fP: 1.2120075170295035e-08),
    NestedReference(dataset: "kremer-1993", column: "population_millions", weighting: "none", alternative: .powerGrowth, lr: 68.05496495927504, lrP: 1.5900096655302218e-16,
                    f: 242.61667662157825, fDenominatorDF: 28, fP: 2.5339250158286907e-15),
    NestedReference(dataset: "kremer-1993", column: "population_millions", weighting: "none", alternative: .linearGrowth, lr: 64.85148609017189, lrP: 8.076114845775544e-16,
                    f: 215.20889230578987, fDenominatorDF: 28, fP: 1.1367869195071423e-14),
    NestedReference(dataset: "delong-1998", column: "gwp_billion_1990_intl", weighting: "gap", alternative: .powerGrowth, lr: 59.67884112375656, lrP: 1.1167070500314131e-14,
                    f: 125.63792687887353, fDenominatorDF: 40, fP: 6.501066258523083e-14),
    NestedReference(dataset: "delong-1998", column: "gwp_billion_1990_intl", weighting: "gap", alternative: .linearGrowth, lr: 40.28639631123233, lrP: 2.1933090859758745e-10,
                    f: 64.38430890273243, fDenominatorDF: 40, fP: 7.335097565026491e-10),
    NestedReference(dataset: "delong-1998", column: "gwp_billion_1990_intl", weighting: "none", alternative: .powerGrowth, lr: 67.29548091969107, lrP: 2.3371649996019227e-16,
                    f: 158.57220941047817, fDenominatorDF: 40, fP: 1.6877179864888187e-15),
    NestedReference(dataset: "delong-1998", column: "gwp_billion_1990_intl", weighting: "none", alternative: .linearGrowth, lr: 49.58057686419176, lrP: 1.9038929896951612e-12,
                    f: 90.23875975612142, fDenominatorDF: 40, fP: 8.313618662932232e-12),
    ]

    static let modes: [ModesReference] = [
    ModesReference(dataset: "kremer-1993", column: "population_millions", weighting: "none", breaks: 0, breakYears: [], rss: 16.30340673631921, bic: 78.35514406739756),
    ModesReference(dataset: "kremer-1993", column: "population_millions", weighting: "none", breaks: 1, breakYears: [-2000.0], rss: 4.62637861032627, bic: 49.60951548470876),
    ModesReference(dataset: "kremer-1993", column: "population_millions", weighting: "none", breaks: 2, breakYears: [-3000.0, 1700.0], rss: 0.38290872599302916, bic: -17.332247017622887),
    ModesReference(dataset: "kremer-1993", column: "population_millions", weighting: "none", breaks: 3, breakYears: [-3000.0, -500.0, 1700.0], rss: 0.265667984173277, bic: -18.362313644914337),
    ModesReference(dataset: "delong-1998", column: "gwp_billion_1990_intl", weighting: "gap", breaks: 0, breakYears: [], rss: 7061.689803830013, bic: 156.15342082116493),
    ModesReference(dataset: "delong-1998", column: "gwp_billion_1990_intl", weighting: "gap", breaks: 1, breakYears: [-4000.0], rss: 977.1588963325669, bic: 82.39203504194238),
    ModesReference(dataset: "delong-1998", column: "gwp_billion_1990_intl", weighting: "gap", breaks: 2, breakYears: [-4000.0, 1750.0], rss: 134.55162089685572, bic: 8.41947725722521),
    ModesReference(dataset: "delong-1998", column: "gwp_billion_1990_intl", weighting: "gap", breaks: 3, breakYears: [-4000.0, 1300.0, 1850.0], rss: 87.03347202195808, bic: 0.9699064401509716),
    ]

    static func series(_ dataset: String, _ column: String) throws -> Series {
        try DatasetCatalog.dataset(named: dataset).load(column: column).series
    }

    static func sample(_ reference: Reference) throws -> ModelSample {
        let series = try series(reference.dataset, reference.column)
        let window = YearWindow(from: reference.window.0, to: reference.window.1)
        switch reference.form {
        case .level: return try ModelSample.level(series, window: window, weighting: Weighting(reference.weighting))
        case .growth: return try ModelSample.growth(series, window: window, weighting: Weighting(reference.weighting))
        }
    }

    @Test(arguments: fits)
    func modelAgreesWithReference(_ reference: Reference) throws {
        let fit = try GrowthModelFitter.fit(reference.model, to: Self.sample(reference))
        #expect(fit.converged)
        #expect(fit.fit.n == reference.n)
        #expect(fit.fit.parameterNames == GrowthModelCatalogue.model(reference.model)!.parameterNames)
        for (name, (value, expected)) in zip(GrowthModelCatalogue.model(reference.model)!.parameterNames, zip(fit.fit.parameters, reference.parameters)) {
            #expect(relativeDifference(value, expected) < 1e-6, "parameter \(name): \(value) vs \(expected)")
        }
        for (name, (se, expected)) in zip(GrowthModelCatalogue.model(reference.model)!.parameterNames, zip(fit.fit.standardErrors, reference.standardErrors)) {
            #expect(relativeDifference(se, expected) < 1e-6, "standard error of \(name): \(se) vs \(expected)")
        }
        #expect(relativeDifference(fit.fit.rss, reference.rss) < 1e-6, "RSS \(fit.fit.rss) vs \(reference.rss)")
        #expect(abs(fit.fit.logLikelihood - reference.logLikelihood) < 1e-6, "lnL \(fit.fit.logLikelihood)")
        #expect(abs((fit.fit.aicc ?? .nan) - reference.aicc) < 1e-6, "AICc \(String(describing: fit.fit.aicc))")
        #expect(abs(fit.fit.bic - reference.bic) < 1e-6, "BIC \(fit.fit.bic)")
        #expect(Set(fit.derived.map(\.name)) == Set(reference.derived.keys))
        for quantity in fit.derived {
            guard let (value, se) = reference.derived[quantity.name] else { continue }
            #expect(relativeDifference(quantity.value, value) < 1e-6, "\(quantity.name): \(quantity.value) vs \(value)")
            #expect(relativeDifference(quantity.standardError, se) < 1e-6,
                    "standard error of \(quantity.name): \(quantity.standardError) vs \(se)")
        }
    }

    @Test(arguments: nested)
    func nestedTestsAgreeWithReference(_ reference: NestedReference) throws {
        let sample = try ModelSample.growth(
            Self.series(reference.dataset, reference.column), window: YearWindow(from: -10000, to: 1950),
            weighting: Weighting(reference.weighting))
        let comparison = HypothesisTest.compare(
            sample, era: Era(role: .wholeWindow, from: nil, before: nil, range: ""),
            bootstrap: LevelBootstrapSettings(replicates: 0, seed: 1), seedOffset: 0,
            models: [.constantGrowth, reference.alternative])
        #expect(comparison.notes.isEmpty, "\(comparison.notes)")
        let lr = try #require(comparison.nestedTests.first { $0.name.hasPrefix("LR") })
        let f = try #require(comparison.nestedTests.first { $0.name.hasPrefix("F") })
        #expect(lr.name.contains(reference.alternative.rawValue))
        #expect(relativeDifference(lr.statistic, reference.lr) < 1e-6, "LR \(lr.statistic)")
        #expect(lr.degreesOfFreedom == [1])
        #expect(relativeDifference(lr.pValue, reference.lrP) < 1e-5, "LR p \(lr.pValue)")
        #expect(relativeDifference(f.statistic, reference.f) < 1e-6, "F \(f.statistic)")
        #expect(f.degreesOfFreedom == [1, reference.fDenominatorDF])
        #expect(relativeDifference(f.pValue, reference.fP) < 1e-5, "F p \(f.pValue)")
    }

    @Test(arguments: modes)
    func growthModesAgreeWithBruteForce(_ reference: ModesReference) throws {
        let sample = try ModelSample.level(
            Self.series(reference.dataset, reference.column), window: YearWindow(from: -10000, to: 1950),
            weighting: Weighting(reference.weighting))
        let modes = try GrowthModeSearch.search(sample, maxBreaks: 3)
        let path = try #require(modes.paths.first { $0.breakCount == reference.breaks })
        #expect(path.breakYears == reference.breakYears)
        #expect(relativeDifference(path.rss, reference.rss) < 1e-6, "RSS \(path.rss) vs \(reference.rss)")
        #expect(abs(path.criteria.bic - reference.bic) < 1e-6, "BIC \(path.criteria.bic) vs \(reference.bic)")
    }
}
