META
key;value
description;"A ""quoted""; text"
num_projects;3
num_votes;3
budget;10.5
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;votes;name
a;2.25;2;x
b;3;2;y
c;10;1;z
VOTES
voter_id;vote
v1;a,b
v2;a,c
v3;b
