Problem:    
Rows:       819
Columns:    1636 (818 integer, 818 binary)
Non-zeros:  71130
Status:     INTEGER OPTIMAL
Objective:  covered = 28838 (MAXimum)

   No.   Row name        Activity     Lower bound   Upper bound
