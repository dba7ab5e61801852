"""Short plain-language descriptions of work, each with the occupations a career counselor would expect.

Used by the tests (every expected code must be in the top 5 "jobs like yours") and by bench/bench_matching.py.
"""

CASES = [
    # warehouse
    ("I drove a forklift and counted stock", ["53-7051.00", "53-7065.00"]),
    ("I worked in a warehouse picking and packing orders", ["53-7065.00"]),
    ("I loaded and unloaded trucks at a distribution center", ["53-7062.00"]),
    # retail
    ("I ran the cash register and helped customers at a grocery store", ["41-2011.00"]),
    ("I stocked shelves and helped customers find things at a retail store", ["41-2031.00", "53-7065.00"]),
    # food service
    ("I was a line cook at a busy diner", ["35-2014.00"]),
    ("I washed dishes and cleaned the kitchen at a restaurant", ["35-9021.00"]),
    ("I took orders and served food to customers as a waitress", ["35-3031.00"]),
    # a well-known employer says the kind of workplace; schooling in the same sentence is left out
    ("I worked at McDonalds for two years making burgers and running the register", ["35-2011.00", "35-3023.00"]),
    (
        "I graduated from high school and worked at Wendy's making burgers and running the register. "
        "I am good with people.",
        ["35-2011.00", "35-3023.00"],
    ),
    ("I made coffee drinks at Starbucks", ["35-3023.01"]),
    ("I stocked shelves and ran the register at Walmart", ["53-7065.00", "41-2011.00"]),
    ("I made coffee drinks and ran the counter at a coffee shop", ["35-3023.00"]),
    # home care
    (
        "I take care of elderly people in their homes, help them bathe, dress and take their medicine",
        ["31-1122.00", "31-1121.00"],
    ),
    ("I helped patients in a nursing home with eating, bathing and moving around", ["31-1131.00"]),
    # cleaning
    ("I clean offices at night, empty the trash and mop floors", ["37-2011.00"]),
    ("I cleaned hotel rooms and made beds", ["37-2012.00"]),
    ("I mowed lawns and trimmed bushes for a landscaping company", ["37-3011.00"]),
    # driving
    ("I drove a delivery van and dropped off packages", ["53-3033.00"]),
    ("I drive an 18-wheeler long haul with my CDL", ["53-3032.00"]),
    ("I drove for Uber and Lyft", ["53-3054.00"]),
    ("I drove a school bus", ["53-3051.00"]),
    # construction trades
    ("I framed houses and hung doors as a carpenter's helper", ["47-2031.00"]),
    ("I installed drywall and did the taping", ["47-2081.00"]),
    ("I painted houses inside and out", ["47-2141.00"]),
    ("I worked construction, digging trenches and pouring concrete", ["47-2061.00"]),
    # office clerical
    ("I answered phones, greeted visitors and scheduled appointments at the front desk of an office", ["43-4171.00"]),
    ("I did data entry and kept records in Excel", ["43-9021.00"]),
    # childcare
    ("I watched kids at a daycare center, played games with them and fed them lunch", ["39-9011.00"]),
    ("I was a nanny for two children", ["39-9011.00"]),
    # security
    ("I worked as a security guard, checked IDs and patrolled the building", ["33-9032.00"]),
    # and more
    ("I fixed things around apartment buildings: plumbing, painting, small repairs", ["49-9071.00"]),
    ("I cut hair at a barbershop", ["39-5011.00"]),
    ("I worked the front desk at a hotel, checking guests in and out", ["43-4081.00"]),
]
