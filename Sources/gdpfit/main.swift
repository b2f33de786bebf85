import GrowthModels
print("gdpfit: under construction")
