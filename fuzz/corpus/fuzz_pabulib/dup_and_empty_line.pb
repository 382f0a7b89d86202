META
key;value
num_projects;2
num_votes;2
budget;4
vote_type;approval
PROJECTS
project_id;cost
x;2
y;2
VOTES
voter_id;vote
1;x,x

2;y
